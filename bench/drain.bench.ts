/**
 * Queue drain: how fast the pipeline empties a queue of orders, against a bare GET + acknowledge
 * loop on the same sandbox in the same run, at each latency given (every sandbox request waits
 * that long, as a remote Jakamo would). The pipeline is `jakamo-so worker` on the Temporal dev
 * server; the drain is timed from its first GET to the last acknowledgement; its order workflows
 * run meanwhile, as they do in production. Then every order must be confirmed exactly once.
 *
 *   npm run bench -- drain [--orders 300] [--latency 25,0] [--keep]
 */
import type { BenchArgs } from './support/args';
import { bareLoop, jakamoClientFor } from './support/baselines';
import type { Benchmark } from './support/benchmark';
import { pipelineChecks, queueEmpty } from './support/checks';
import { withBenchEnvironment } from './support/environment';
import { perSecond, ratio } from './support/figures';
import { placeOrders } from './support/orders';
import {
  timePipeline,
  withPipelineWorker,
  workerFigures,
  workerOptionsFrom,
} from './support/pipeline-worker';
import { checksSummary, type BenchResult } from './support/results';

/** The target: the pipeline drains at 95 % of what the protocol allows. */
const target = 0.95;

export const drainBenchmark: Benchmark = {
  name: 'drain',
  description: 'queue drain of the pipeline vs a bare GET + acknowledge loop, per latency',
  flags: '--orders 300 --latency 25,0',
  async run(args: BenchArgs): Promise<BenchResult[]> {
    const orders = args.number('orders', 300);
    const results: BenchResult[] = [];
    for (const latencyMs of args.numbers('latency', [25, 0])) {
      results.push(await drainAt(latencyMs, orders, args));
    }
    return results;
  },
};

async function drainAt(latencyMs: number, orders: number, args: BenchArgs): Promise<BenchResult> {
  return withBenchEnvironment(
    { roles: ['bare-loop', 'pipeline'], latencyMs, keep: args.has('keep') },
    async (env) => {
      // The baseline first, alone on the machine.
      const bare = env.integration('bare-loop');
      await placeOrders(env.control, bare, orders);
      const loop = await bareLoop(jakamoClientFor(env, bare));
      const bareRate = perSecond(loop.messages, loop.elapsedMs);

      const pipeline = env.integration('pipeline');
      const placed = await placeOrders(env.control, pipeline, orders);
      return withPipelineWorker(env, pipeline, workerOptionsFrom(args), async (worker) => {
        const { firstGet, drained, confirmed, cpu } = await timePipeline(env, pipeline, worker, orders, {
          meterBench: true,
          confirmedIntervalMs: 200,
        });
        const worked = await workerFigures(worker);
        const checks = [
          await queueEmpty(env.control, bare, orders, 'bare loop'),
          ...(await pipelineChecks(env.control, pipeline, placed, worker.databaseFile)),
        ];
        const drainMs = firstGet !== undefined && drained !== undefined ? drained - firstGet : undefined;
        const pipelineRate = drainMs === undefined ? 0 : perSecond(orders, drainMs);
        const drainRatio = ratio(pipelineRate, bareRate);
        const name = `drain@${latencyMs}ms`;
        return {
          name,
          summary:
            `${name}: pipeline ${pipelineRate.toFixed(1)} msg/s, bare loop ${bareRate.toFixed(1)} msg/s, ` +
            `ratio ${drainRatio.toFixed(2)} (target ≥ ${target}${drainRatio >= target ? ', met' : ', not met'}); ` +
            `${orders} orders` +
            checksSummary(checks),
          figures: {
            orders,
            latencyMs,
            pipelineMsgPerSecond: pipelineRate,
            bareLoopMsgPerSecond: bareRate,
            ratio: drainRatio,
            target,
            pipelineDrainSeconds: drainMs === undefined ? undefined : drainMs / 1000,
            bareLoopSeconds: loop.elapsedMs / 1000,
            // From the first GET until every order was confirmed (the order workflows trail the drain).
            pipelineAllConfirmedSeconds:
              firstGet !== undefined && confirmed !== undefined ? (confirmed - firstGet) / 1000 : undefined,
            // CPU seconds per process from the first GET until every order was confirmed.
            cpu,
            ...worked,
          },
          checks,
        };
      });
    },
  );
}
