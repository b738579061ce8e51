import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { workerSizingDefaults, type WorkerSizingSettings } from '../../config/settings';
import { intakeWorkflowId } from '../../domain/order-key';
import { freePort } from '../../worker/dev-server';
import { projectRoot } from '../../config/project-root';
import { intakeStateQuery } from '../../workflows/intake-messages';
import { stopGracefully, type WorkerProcess } from '../../harness/worker-process';
import type { BenchArgs } from './args';
import { onCleanup } from './cleanup';
import { childEnvironment, type BenchEnvironment, type BenchIntegration } from './environment';
import { sleep } from './figures';
import { patienceMs, waitForStats } from './orders';
import { commandProcess, CpuMeter, processMemory, type ProcessMemory } from './process-memory';
import { workerTimeBreakdown, type WorkerTimeBreakdown } from './worker-metrics';

export interface PipelineWorkerOptions {
  /** WORKER_MAX_* of the worker; what is left out is the product's default. */
  sizing?: Partial<WorkerSizingSettings>;
  /** JAKAMO_POLL_INTERVAL: how long the intake sleeps when the queue is empty. */
  pollInterval: string;
  /** JAKAMO_DRAIN_LINGER: how long a drain watches an empty queue (absent: the product's 0). */
  drainLinger?: string;
  /** Serve Prometheus metrics (read by `timeBreakdown`); default true. */
  metrics?: boolean;
  /** NODE_OPTIONS of the worker process, for example `--max-old-space-size=256`; default none (bin/worker-heap.cjs's limits). */
  nodeOptions?: string;
}

/** The pipeline as deployed: `jakamo-so worker` as a child process, its own SQLite file and task queue. */
export interface PipelineWorker {
  /** The worker process (under the launcher of bin/worker-heap.cjs when it has one). */
  readonly pid: number | undefined;
  databaseFile: string;
  sizing: WorkerSizingSettings;
  /** Its resident memory now and its peak so far. */
  memory(): ProcessMemory | undefined;
  /** Where its time went, from its Prometheus endpoint (read before `stop`). */
  timeBreakdown(): Promise<WorkerTimeBreakdown | undefined>;
  /** Resolves once its intake has finished a first drain (the worker is running, its workflows bundled). */
  ready(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startPipelineWorker(
  env: BenchEnvironment,
  integration: BenchIntegration,
  options: PipelineWorkerOptions,
): Promise<PipelineWorker> {
  const metricsPort = options.metrics === false ? undefined : await freePort();
  const dir = path.join(env.dir, `worker-${integration.id}`);
  fs.mkdirSync(dir, { recursive: true });
  const databaseFile = path.join(dir, 'connector.sqlite');
  const sizing: WorkerSizingSettings = { ...workerSizingDefaults, ...options.sizing };
  // A workflow task runs on a cached workflow: a small cache limits the task slots too (settings.ts).
  if (sizing.maxCachedWorkflows > 0 && sizing.maxConcurrentWorkflowTasks > sizing.maxCachedWorkflows) {
    sizing.maxConcurrentWorkflowTasks = Math.max(2, sizing.maxCachedWorkflows);
  }
  const settings: Record<string, string> = {
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_TASK_QUEUE: `bench-${integration.id}`,
    JAKAMO_BASE_URL: env.sandboxUrl,
    JAKAMO_USERNAME: integration.username,
    JAKAMO_PASSWORD: integration.password,
    JAKAMO_INTEGRATION: integration.id,
    JAKAMO_POLL_INTERVAL: options.pollInterval,
    ...(options.drainLinger === undefined ? {} : { JAKAMO_DRAIN_LINGER: options.drainLinger }),
    DATABASE_URL: databaseFile,
    DATA_DIR: dir,
    CONFIRMATION_POLICY: 'auto',
    LOG_LEVEL: 'warn',
    // Its metrics say where the time goes; the visibility gauges' refresh (count queries to
    // Temporal) once an hour keeps them out of the figures.
    ...(metricsPort === undefined
      ? {}
      : { METRICS_ADDRESS: `127.0.0.1:${metricsPort}`, METRICS_REFRESH_INTERVAL: '1h' }),
    ...(options.nodeOptions === undefined ? {} : { NODE_OPTIONS: options.nodeOptions }),
    WORKER_MAX_CACHED_WORKFLOWS: String(sizing.maxCachedWorkflows),
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: String(sizing.maxConcurrentWorkflowTasks),
    WORKER_MAX_CONCURRENT_ACTIVITIES: String(sizing.maxConcurrentActivities),
    WORKER_MAX_CONCURRENT_HAND_OFFS: String(sizing.maxConcurrentHandOffs),
  };
  const logFile = path.join(dir, 'worker.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'jakamo-so.cjs'), 'worker'], {
    cwd: projectRoot,
    env: childEnvironment(settings),
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  const workerProcess: WorkerProcess = {
    child,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  const stop = () => stopGracefully(workerProcess, 30_000);
  const unregister = onCleanup(stop);
  return {
    // The worker itself, not the launcher that waits for it (bin/worker-heap.cjs).
    get pid() {
      return commandProcess(child.pid);
    },
    databaseFile,
    sizing,
    memory: () => processMemory(commandProcess(child.pid)),
    timeBreakdown: () =>
      metricsPort === undefined ? Promise.resolve(undefined) : workerTimeBreakdown(metricsPort),
    async ready(timeoutMs = 120_000) {
      const handle = env.client.workflow.getHandle(intakeWorkflowId(integration.id));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`the worker exited before its intake ran; see ${logFile}`);
        }
        try {
          if ((await handle.query(intakeStateQuery)).drains >= 1) return;
        } catch {
          // not started yet
        }
        if (Date.now() > deadline)
          throw new Error(`the worker's intake did not drain within ${timeoutMs} ms`);
        await sleep(200);
      }
    },
    async stop() {
      unregister();
      await stop();
    },
  };
}

/** The worker options every benchmark takes from its command line: `--poll-interval` and `--metrics off`. */
export function workerOptionsFrom(args: BenchArgs): PipelineWorkerOptions {
  return {
    pollInterval: args.text('poll-interval', '1s'),
    metrics: args.text('metrics', 'on') !== 'off',
  };
}

/** Starts the pipeline worker, runs `measure` with it and stops it afterwards, whether `measure` succeeds or throws. */
export async function withPipelineWorker<T>(
  env: BenchEnvironment,
  integration: BenchIntegration,
  options: PipelineWorkerOptions,
  measure: (worker: PipelineWorker) => Promise<T>,
): Promise<T> {
  const worker = await startPipelineWorker(env, integration, options);
  try {
    return await measure(worker);
  } finally {
    await worker.stop();
  }
}

/** When the pipeline got through a queue (ms since the epoch; undefined where its patience ran out first). */
export interface PipelineTimes {
  firstGet: number | undefined;
  /** The queue empty and every order acknowledged. */
  drained: number | undefined;
  /** Every order confirmed in Jakamo. */
  confirmed: number | undefined;
  /** CPU seconds per process from the first GET until every order was confirmed. */
  cpu: ReturnType<CpuMeter['stop']>;
}

export interface PipelineTimingOptions {
  /** Meter this process too (the benchmark's own polling and, where it runs one, a worker). */
  meterBench: boolean;
  /** How often to read the sandbox's counters while waiting for the drain and for the confirmations (ms). */
  drainedIntervalMs?: number;
  confirmedIntervalMs?: number;
}

/**
 * Times the pipeline through a queue of `orders` from its first GET, so that the worker's start-up
 * is not counted, to the queue drained and to every order confirmed, metering CPU from that GET on.
 */
export async function timePipeline(
  env: BenchEnvironment,
  integration: BenchIntegration,
  worker: PipelineWorker,
  orders: number,
  options: PipelineTimingOptions,
): Promise<PipelineTimes> {
  const patience = patienceMs(orders);
  const firstGet = await waitForStats(env.control, integration, (stats) => stats.delivered > 0, {
    timeoutMs: 120_000,
    intervalMs: 20,
  });
  const cpu = new CpuMeter({
    worker: () => worker.pid,
    temporal: () => env.temporalPid(),
    sandbox: () => env.sandboxPid(),
    ...(options.meterBench ? { bench: () => process.pid } : {}),
  }).start();
  const drained = await waitForStats(
    env.control,
    integration,
    (stats) => stats.queued === 0 && stats.acknowledged >= orders,
    { timeoutMs: patience, intervalMs: options.drainedIntervalMs },
  );
  const confirmed = await waitForStats(env.control, integration, (stats) => stats.confirmations >= orders, {
    timeoutMs: patience,
    intervalMs: options.confirmedIntervalMs,
  });
  return { firstGet, drained, confirmed, cpu: cpu.stop() };
}

/** The worker's figures every pipeline result ends with: its memory now and at its peak, its sizing, where its time went. */
export async function workerFigures(worker: PipelineWorker): Promise<Record<string, unknown>> {
  const memory = worker.memory();
  return {
    workerRssMiB: memory?.rssMiB,
    workerPeakRssMiB: memory?.peakRssMiB,
    workerSizing: worker.sizing,
    timeBreakdown: await worker.timeBreakdown(),
  };
}
