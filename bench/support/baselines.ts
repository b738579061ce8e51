import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { BasicAuth } from '../../activities/jakamo/jakamo-auth';
import { JakamoClient } from '../../activities/jakamo/jakamo-client';
import { onCleanup } from './cleanup';
import type { BenchEnvironment, BenchIntegration } from './environment';
import { createFloorActivities } from './floor-activities';
import { floorOrderSignal, type floorOrderWorkflow } from './floor-workflow';

/**
 * The baselines each pipeline figure is set against, run in the same command on the same sandbox
 * (and Temporal server): what the protocol allows with no pipeline at all, and what one workflow
 * per order costs at the least. Each drains its own integration's queue, one message at a time as
 * the SO API hands them out, with the product's own HTTP client.
 */

export function jakamoClientFor(env: BenchEnvironment, integration: BenchIntegration): JakamoClient {
  return new JakamoClient({
    baseUrl: env.sandboxUrl,
    auth: new BasicAuth(integration.username, integration.password),
    timeoutMs: 30_000,
  });
}

export interface LoopTiming {
  messages: number;
  /** From the first GET to the answer of the last acknowledgement (or the empty queue's GET). */
  elapsedMs: number;
  /** The floor only: how long each signal-with-start took (the durable hand-off to Temporal). */
  handOffMs?: number[];
}

/** GET the head of the queue → acknowledge it → next, until the queue is empty. */
export async function bareLoop(jakamo: JakamoClient): Promise<LoopTiming> {
  const started = performance.now();
  let messages = 0;
  for (;;) {
    const message = await jakamo.fetchQueueHead();
    if (message === undefined) break;
    await jakamo.acknowledgeMessage(message.acknowledgeUri);
    messages++;
  }
  return { messages, elapsedMs: performance.now() - started };
}

/** GET → confirm as requested (POST Jakamo-Confirm-Url) → acknowledge → next: a client with no durability at all. */
export async function bareClient(jakamo: JakamoClient): Promise<LoopTiming> {
  const started = performance.now();
  let messages = 0;
  for (;;) {
    const message = await jakamo.fetchQueueHead();
    if (message === undefined) break;
    if (message.confirmUrl === undefined) throw new Error('a bench order came without a Jakamo-Confirm-Url');
    await jakamo.simpleConfirm(message.confirmUrl);
    await jakamo.acknowledgeMessage(message.acknowledgeUri);
    messages++;
  }
  return { messages, elapsedMs: performance.now() - started };
}

/**
 * The one-workflow-per-order floor: GET → signal-with-start the order's floor workflow (which
 * confirms it in one activity) → acknowledge → next; a worker for the floor workflow runs in this
 * process. Resolves when the queue is empty; the confirmations follow (the caller waits for them).
 */
export async function startFloor(
  env: BenchEnvironment,
  integration: BenchIntegration,
): Promise<{ drain(): Promise<LoopTiming & { handOffMs: number[] }>; stop(): Promise<void> }> {
  const jakamo = jakamoClientFor(env, integration);
  const taskQueue = `floor-${integration.id}`;
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./floor-workflow'),
    logger: quietBundlerLogger,
  });
  const connection = await NativeConnection.connect({ address: env.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue,
    workflowBundle,
    activities: createFloorActivities(jakamo),
  });
  const running = worker.run();
  const stop = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
  };
  const unregister = onCleanup(stop);
  return {
    drain: () => floorDrain(env.client, jakamo, integration, taskQueue),
    async stop() {
      unregister();
      await stop();
    },
  };
}

/** The floor workflow of one order (by its Jakamo order number). */
export function floorWorkflowId(integrationId: string, jakamoOrderNumber: string): string {
  return `floor:${integrationId}:${jakamoOrderNumber}`;
}

async function floorDrain(
  client: Client,
  jakamo: JakamoClient,
  integration: BenchIntegration,
  taskQueue: string,
): Promise<LoopTiming & { handOffMs: number[] }> {
  const started = performance.now();
  const handOffMs: number[] = [];
  let messages = 0;
  for (;;) {
    const message = await jakamo.fetchQueueHead();
    if (message === undefined) break;
    if (message.confirmUrl === undefined) throw new Error('a bench order came without a Jakamo-Confirm-Url');
    const handOff = performance.now();
    await client.workflow.signalWithStart<typeof floorOrderWorkflow, [{ confirmUrl: string }]>(
      'floorOrderWorkflow',
      {
        workflowId: floorWorkflowId(integration.id, message.jakamoOrderNumber ?? String(messages)),
        taskQueue,
        signal: floorOrderSignal,
        signalArgs: [{ confirmUrl: message.confirmUrl }],
      },
    );
    handOffMs.push(performance.now() - handOff);
    await jakamo.acknowledgeMessage(message.acknowledgeUri);
    messages++;
  }
  return { messages, elapsedMs: performance.now() - started, handOffMs };
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};
