/**
 * Steady rate: orders placed at a fixed rate for a while, each order's latency from its placement
 * to its confirmation in Jakamo (the sandbox's record of the confirmation), p50 / p95 / p99, at
 * rising rates until the pipeline stops keeping up: the orders placed and not yet confirmed,
 * sampled twice a second, are at some point more than `--max-queued-seconds` of orders at the
 * rate (the backlog grows for as long as the rate lasts, and so does the latency). They are
 * counted wherever they wait: the intake acknowledges a message once it is archived, so Jakamo's
 * queue alone would not show a backlog in the pipeline. One worker serves every rate; between rates it catches
 * up. Every order must be confirmed exactly once.
 *
 *   npm run bench -- steady-rate [--rates 5,10,15,20] [--seconds 30] [--max-queued-seconds 2] [--latency 0] [--linger 0s] [--keep]
 */
import type { PlacedOrder } from '../sandbox';
import type { BenchArgs } from './support/args';
import type { Benchmark } from './support/benchmark';
import { pipelineChecks } from './support/checks';
import { withBenchEnvironment, type BenchEnvironment, type BenchIntegration } from './support/environment';
import { formatMs, percentile, perSecond, round, sleep } from './support/figures';
import { integrationStats, patienceMs, waitForStats } from './support/orders';
import { withPipelineWorker, workerFigures, workerOptionsFrom } from './support/pipeline-worker';
import { checksSummary, type BenchResult } from './support/results';

interface RateFigures {
  ratePerSecond: number;
  orders: number;
  p50Ms: number | undefined;
  p95Ms: number | undefined;
  p99Ms: number | undefined;
  maxMs: number | undefined;
  /** Orders confirmed per second, from the first placement to the last confirmation. */
  achievedPerSecond: number;
  /** The most messages waiting in Jakamo's queue while orders were placed (sampled every 500 ms). */
  maxQueued: number;
  /** The most orders placed and not yet confirmed at once (sampled twice a second). */
  maxWaiting: number;
  keepsUp: boolean;
  /** Orders not confirmed before the wait after the rate gave up. */
  unconfirmed: number;
}

export const steadyRateBenchmark: Benchmark = {
  name: 'steady-rate',
  description:
    'latency placement → confirmation (p50/p95/p99) at rising steady rates until it stops keeping up',
  flags:
    '--rates 5,10,15,20 --seconds 30 --max-queued-seconds 2 --latency 0 --linger 0s (JAKAMO_DRAIN_LINGER)',
  async run(args: BenchArgs): Promise<BenchResult[]> {
    const rates = args.numbers('rates', [5, 10, 15, 20]);
    const seconds = args.number('seconds', 30);
    const maxQueuedSeconds = args.number('max-queued-seconds', 2);
    const latencyMs = args.number('latency', 0);
    return withBenchEnvironment({ roles: ['pipeline'], latencyMs, keep: args.has('keep') }, async (env) => {
      const integration = env.integration('pipeline');
      const workerOptions = { ...workerOptionsFrom(args), drainLinger: args.text('linger', '0s') };
      return withPipelineWorker(env, integration, workerOptions, async (worker) => {
        await worker.ready();
        // Running, its intake polling an empty queue: the worker's memory before any order.
        const idle = worker.memory();
        const placed: PlacedOrder[] = [];
        const perRate: RateFigures[] = [];
        for (const rate of rates) {
          const figures = await runRate(env, integration, rate, seconds, maxQueuedSeconds, placed);
          perRate.push(figures);
          if (!figures.keepsUp) break;
        }
        const worked = await workerFigures(worker);
        const checks = await pipelineChecks(env.control, integration, placed, worker.databaseFile);
        const kept = perRate.filter((figures) => figures.keepsUp);
        const best = kept[kept.length - 1];
        const first = perRate.find((figures) => !figures.keepsUp);
        const describe = (figures: RateFigures) =>
          `p50 ${formatMs(figures.p50Ms)}, p95 ${formatMs(figures.p95Ms)}, p99 ${formatMs(figures.p99Ms)} at ${figures.ratePerSecond}/s`;
        const name = `steady-rate@${latencyMs}ms`;
        return [
          {
            name,
            summary:
              `${name}: ` +
              (best === undefined
                ? 'does not keep up at any rate tried'
                : `keeps up to ${best.ratePerSecond} orders/s (${describe(best)})`) +
              (first === undefined
                ? `; kept up at every rate tried (${rates.join(', ')}/s)`
                : `; not at ${first.ratePerSecond}/s (${describe(first)}, ${first.maxWaiting} waiting at most)`) +
              ` [keeping up: never more than ${maxQueuedSeconds} s of orders placed and not yet confirmed; ${seconds} s per rate]` +
              checksSummary(checks),
            figures: {
              latencyMs,
              secondsPerRate: seconds,
              keepsUpWhenQueueAtMostSeconds: maxQueuedSeconds,
              rates: perRate,
              highestRateKeptUp: best?.ratePerSecond,
              orders: placed.length,
              workerIdleRssMiB: idle?.rssMiB,
              ...worked,
            },
            checks,
          },
        ];
      });
    });
  },
};

/** Places orders at `rate` for `seconds` (open loop: on time, whatever the pipeline does), then waits for their confirmations. */
async function runRate(
  env: BenchEnvironment,
  integration: BenchIntegration,
  rate: number,
  seconds: number,
  maxQueuedSeconds: number,
  allPlaced: PlacedOrder[],
): Promise<RateFigures> {
  const count = Math.round(rate * seconds);
  const sentAt = new Map<string, number>();
  const placements: Promise<void>[] = [];
  let maxQueued = 0;
  // Orders placed but not confirmed yet, wherever they wait: Jakamo's queue, or (since the queue
  // is acknowledged as soon as a message is archived) the pipeline behind it.
  let maxWaiting = 0;
  const queueWatch = setInterval(() => {
    void integrationStats(env.control, integration).then(
      (stats) => {
        maxQueued = Math.max(maxQueued, stats.queued);
        maxWaiting = Math.max(maxWaiting, stats.ordersPlaced - stats.confirmations);
      },
      () => undefined,
    );
  }, 500);
  const start = Date.now();
  try {
    for (let i = 0; i < count; i++) {
      const due = start + (i * 1000) / rate;
      if (due > Date.now()) await sleep(due - Date.now());
      const sent = Date.now();
      placements.push(
        env.control
          .placeOrder(integration.id, { customerPartyId: integration.customers[i % 2], lines: 1 })
          .then((order) => {
            sentAt.set(order.jakamoOrderNumber, sent);
            allPlaced.push(order);
          }),
      );
    }
    await Promise.all(placements);
  } finally {
    clearInterval(queueWatch);
  }
  const total = allPlaced.length;
  await waitForStats(env.control, integration, (stats) => stats.confirmations >= total, {
    timeoutMs: patienceMs(count),
    intervalMs: 200,
  });
  const latencies: number[] = [];
  let lastConfirmed = start;
  for (const order of await env.control.listOrders(integration.id)) {
    const sent = sentAt.get(order.jakamoOrderNumber);
    const confirmation = order.documents.find(
      (document) => document.kind === 'Confirm' && document.httpStatus === 200,
    );
    if (sent === undefined || confirmation === undefined) continue;
    const confirmedAt = Date.parse(confirmation.receivedAt);
    latencies.push(confirmedAt - sent);
    lastConfirmed = Math.max(lastConfirmed, confirmedAt);
  }
  return {
    ratePerSecond: rate,
    orders: count,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    achievedPerSecond: round(perSecond(latencies.length, lastConfirmed - start), 1),
    maxQueued,
    maxWaiting,
    keepsUp: latencies.length === count && maxWaiting <= rate * maxQueuedSeconds,
    unconfirmed: count - latencies.length,
  };
}
