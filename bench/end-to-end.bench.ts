/**
 * End to end: orders per second from a full queue to every order confirmed in Jakamo, for the
 * pipeline (`jakamo-so worker`), against two baselines in the same run on the same sandbox and
 * Temporal server: the one-workflow-per-order floor (GET → signal-with-start a workflow that
 * confirms in one activity → acknowledge; bench/support/floor-workflow.ts) and a bare client
 * (GET → confirm → acknowledge, no Temporal, no database). Every order must be confirmed exactly
 * once on each side.
 *
 *   npm run bench -- end-to-end [--orders 300] [--latency 0] [--keep]
 */
import type { BenchArgs } from './support/args';
import { bareClient, floorWorkflowId, jakamoClientFor, startFloor } from './support/baselines';
import type { Benchmark } from './support/benchmark';
import { confirmedExactlyOnce, pipelineChecks, queueEmpty } from './support/checks';
import { withBenchEnvironment } from './support/environment';
import { percentile, perSecond, ratio, round } from './support/figures';
import { patienceMs, placeOrders, waitForStats } from './support/orders';
import {
  timePipeline,
  withPipelineWorker,
  workerFigures,
  workerOptionsFrom,
} from './support/pipeline-worker';
import { historyShape } from './support/temporal-work';
import { orderKey } from '../domain/order-key';
import { CpuMeter } from './support/process-memory';
import { checksSummary, type BenchResult } from './support/results';

export const endToEndBenchmark: Benchmark = {
  name: 'end-to-end',
  description: 'orders/s queue → confirmed: pipeline vs the one-workflow-per-order floor and a bare client',
  flags: '--orders 300 --latency 0',
  async run(args: BenchArgs): Promise<BenchResult[]> {
    const orders = args.number('orders', 300);
    const latencyMs = args.number('latency', 0);
    return withBenchEnvironment(
      { roles: ['bare-client', 'floor', 'pipeline'], latencyMs, keep: args.has('keep') },
      async (env) => {
        const patience = patienceMs(orders);
        // 1. The bare client, alone on the machine.
        const bare = env.integration('bare-client');
        const barePlaced = await placeOrders(env.control, bare, orders);
        const bareRun = await bareClient(jakamoClientFor(env, bare));
        const bareRate = perSecond(bareRun.messages, bareRun.elapsedMs);

        // 2. The floor: its worker in this process, bundled before the clock starts.
        const floorIntegration = env.integration('floor');
        const floorPlaced = await placeOrders(env.control, floorIntegration, orders);
        const floor = await startFloor(env, floorIntegration);
        let floorRate = 0;
        let floorDrainRate = 0;
        let floorHandOffMs: number[] = [];
        let floorCpu: ReturnType<CpuMeter['stop']> | undefined;
        try {
          const started = Date.now();
          const cpu = new CpuMeter({
            temporal: () => env.temporalPid(),
            sandbox: () => env.sandboxPid(),
            'bench (floor driver and worker)': () => process.pid,
          }).start();
          const drain = await floor.drain();
          floorDrainRate = perSecond(drain.messages, drain.elapsedMs);
          floorHandOffMs = drain.handOffMs;
          const confirmed = await waitForStats(
            env.control,
            floorIntegration,
            (stats) => stats.confirmations >= orders,
            { timeoutMs: patience },
          );
          floorRate = confirmed === undefined ? 0 : perSecond(orders, confirmed - started);
          floorCpu = cpu.stop();
        } finally {
          await floor.stop();
        }

        // 3. The pipeline, timed from its first GET (the worker's start-up is not counted).
        const pipeline = env.integration('pipeline');
        const placed = await placeOrders(env.control, pipeline, orders);
        return withPipelineWorker(env, pipeline, workerOptionsFrom(args), async (worker) => {
          const {
            firstGet,
            drained,
            confirmed,
            cpu: pipelineCpu,
          } = await timePipeline(env, pipeline, worker, orders, { meterBench: true });
          const worked = await workerFigures(worker);
          // The Temporal work of one order on each side (the first order placed).
          const [firstPipelineOrder] = placed;
          const [firstFloorOrder] = floorPlaced;
          const temporalWorkPerOrder = {
            pipeline:
              firstPipelineOrder === undefined
                ? undefined
                : await historyShape(
                    env.client,
                    orderKey({
                      integration: pipeline.id,
                      buyerPartyId: firstPipelineOrder.buyerPartyId,
                      orderNumber: firstPipelineOrder.orderNumber,
                    }),
                  ),
            floor:
              firstFloorOrder === undefined
                ? undefined
                : await historyShape(
                    env.client,
                    floorWorkflowId(floorIntegration.id, firstFloorOrder.jakamoOrderNumber),
                  ),
          };
          const checks = [
            await confirmedExactlyOnce(env.control, bare, barePlaced, 'bare client'),
            await queueEmpty(env.control, bare, orders, 'bare client'),
            await confirmedExactlyOnce(env.control, floorIntegration, floorPlaced, 'floor'),
            await queueEmpty(env.control, floorIntegration, orders, 'floor'),
            ...(await pipelineChecks(env.control, pipeline, placed, worker.databaseFile)),
          ];
          const pipelineRate =
            firstGet !== undefined && confirmed !== undefined ? perSecond(orders, confirmed - firstGet) : 0;
          const name = `end-to-end@${latencyMs}ms`;
          return [
            {
              name,
              summary:
                `${name}: pipeline ${pipelineRate.toFixed(1)} orders/s, one-workflow floor ${floorRate.toFixed(1)} orders/s ` +
                `(ratio ${ratio(pipelineRate, floorRate).toFixed(2)}), bare client ${bareRate.toFixed(1)} orders/s ` +
                `(ratio ${ratio(pipelineRate, bareRate).toFixed(3)}); ${orders} orders` +
                checksSummary(checks),
              figures: {
                orders,
                latencyMs,
                pipelineOrdersPerSecond: pipelineRate,
                floorOrdersPerSecond: floorRate,
                bareClientOrdersPerSecond: bareRate,
                ratioToFloor: ratio(pipelineRate, floorRate),
                ratioToBareClient: ratio(pipelineRate, bareRate),
                // How fast each side emptied the queue (the confirmations trail it).
                pipelineDrainMsgPerSecond:
                  firstGet !== undefined && drained !== undefined
                    ? perSecond(orders, drained - firstGet)
                    : undefined,
                floorDrainMsgPerSecond: floorDrainRate,
                // One signal-with-start: the durable hand-off each order costs at the least.
                floorSignalWithStartMs: {
                  p50: round(percentile(floorHandOffMs, 50) ?? 0, 1),
                  p95: round(percentile(floorHandOffMs, 95) ?? 0, 1),
                },
                temporalWorkPerOrder,
                // CPU seconds per process while each side ran (first GET to every order confirmed).
                cpu: { pipeline: pipelineCpu, floor: floorCpu },
                ...worked,
              },
              checks,
            },
          ];
        });
      },
    );
  },
};
