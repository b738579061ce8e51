/**
 * Backlog: a queue of many orders (10,000 by default) drained and confirmed by one worker, with the
 * worker's and the Temporal server's resident memory sampled throughout (peak = the kernel's
 * VmHWM). Order workflows stay open after confirmation (they wait for deliveries), so this shows
 * whether the worker's memory grows with the number of open orders. Run once per `--cache` value:
 * a number of workflows for WORKER_MAX_CACHED_WORKFLOWS, `default` for the product's default, or
 * `sdk` for the Temporal SDK's own default (sized from the heap). Each run has its own Temporal
 * server and sandbox. Every order must be confirmed exactly once.
 *
 *   npm run bench -- backlog [--orders 10000] [--cache default] [--latency 0] [--keep]
 *   npm run bench -- backlog --orders 10000 --cache sdk,default
 *   npm run bench -- backlog --orders 2000 --cache 100 --node-options=--max-old-space-size=128   (NODE_OPTIONS of the worker)
 */
import v8 from 'node:v8';
import { workerSizingDefaults } from '../config/settings';
import type { BenchArgs } from './support/args';
import type { Benchmark } from './support/benchmark';
import { pipelineChecks } from './support/checks';
import { withBenchEnvironment } from './support/environment';
import { perSecond } from './support/figures';
import { placeOrders } from './support/orders';
import { timePipeline, withPipelineWorker, workerOptionsFrom } from './support/pipeline-worker';
import { MemorySampler } from './support/process-memory';
import { failedChecks, type BenchResult } from './support/results';

/** The target: the worker stays under 300 MiB resident through a 10,000-order backlog. */
const targetWorkerMiB = 300;

export const backlogBenchmark: Benchmark = {
  name: 'backlog',
  description: 'a large backlog drained and confirmed, with peak RSS of the worker and the Temporal server',
  flags:
    '--orders 10000 --cache default (or a number, or sdk; a list runs each) --latency 0 --node-options (none)',
  async run(args: BenchArgs): Promise<BenchResult[]> {
    const orders = args.number('orders', 10_000);
    const results: BenchResult[] = [];
    for (const cache of args.list('cache', ['default'])) results.push(await backlogWith(cache, orders, args));
    return results;
  },
};

/** The SDK's default cache size for a worker with this process's heap limit (worker-options.js). */
function sdkDefaultCache(): number {
  const heapMiB = v8.getHeapStatistics().heap_size_limit / 1024 / 1024;
  return Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10);
}

function cacheSize(value: string): number {
  if (value === 'default') return workerSizingDefaults.maxCachedWorkflows;
  if (value === 'sdk') return sdkDefaultCache();
  const size = Number(value);
  if (!Number.isInteger(size) || size < 0)
    throw new Error(`--cache: "${value}" is not default, sdk or a number`);
  return size;
}

async function backlogWith(cache: string, orders: number, args: BenchArgs): Promise<BenchResult> {
  const maxCachedWorkflows = cacheSize(cache);
  const latencyMs = args.number('latency', 0);
  return withBenchEnvironment({ roles: ['pipeline'], latencyMs, keep: args.has('keep') }, async (env) => {
    const integration = env.integration('pipeline');
    const placingStarted = Date.now();
    const placed = await placeOrders(env.control, integration, orders);
    const placingSeconds = (Date.now() - placingStarted) / 1000;
    const workerOptions = {
      ...workerOptionsFrom(args),
      sizing: { maxCachedWorkflows },
      ...(args.has('node-options') ? { nodeOptions: args.text('node-options', '') } : {}),
    };
    return withPipelineWorker(env, integration, workerOptions, async (worker) => {
      const sampler = new MemorySampler({
        worker: () => worker.pid,
        temporal: () => env.temporalPid(),
        sandbox: () => env.sandboxPid(),
      }).start(1000);
      try {
        const {
          firstGet,
          drained,
          confirmed,
          cpu: cpuUsed,
        } = await timePipeline(env, integration, worker, orders, {
          meterBench: false,
          drainedIntervalMs: 250,
          confirmedIntervalMs: 250,
        });
        sampler.stop();
        const timeBreakdown = await worker.timeBreakdown();
        const checks = await pipelineChecks(env.control, integration, placed, worker.databaseFile);
        const workerPeak = sampler.peakMiB('worker');
        const temporalPeak = sampler.peakMiB('temporal');
        const seconds =
          firstGet !== undefined && confirmed !== undefined ? (confirmed - firstGet) / 1000 : undefined;
        const rate = seconds === undefined ? 0 : perSecond(orders, seconds * 1000);
        const met = workerPeak !== undefined && workerPeak < targetWorkerMiB;
        const failed = failedChecks(checks);
        const label =
          cache === 'default' || cache === 'sdk'
            ? `${cache}: ${maxCachedWorkflows}`
            : `${maxCachedWorkflows}`;
        const name = `backlog-${orders}@cache-${maxCachedWorkflows}`;
        return {
          name,
          summary:
            `backlog ${orders} (cache ${label}): ` +
            (seconds === undefined
              ? 'did NOT finish'
              : `confirmed in ${seconds.toFixed(0)} s (${rate.toFixed(1)} orders/s)`) +
            `, worker peak RSS ${workerPeak?.toFixed(0) ?? '?'} MiB (target < ${targetWorkerMiB} MiB${met ? ', met' : ', not met'}), ` +
            `at the end ${sampler.lastMiB('worker')?.toFixed(0) ?? '?'} MiB; Temporal server peak ${temporalPeak?.toFixed(0) ?? '?'} MiB` +
            (failed.length === 0 ? '; checks passed' : `; CHECKS FAILED: ${failed.join('; ')}`),
          figures: {
            orders,
            latencyMs,
            cache,
            workerSizing: worker.sizing,
            workerNodeOptions: args.has('node-options') ? args.text('node-options', '') : undefined,
            timeBreakdown,
            placingSeconds,
            drainSeconds:
              firstGet !== undefined && drained !== undefined ? (drained - firstGet) / 1000 : undefined,
            allConfirmedSeconds: seconds,
            ordersPerSecond: rate,
            workerPeakRssMiB: workerPeak,
            workerEndRssMiB: sampler.lastMiB('worker'),
            temporalPeakRssMiB: temporalPeak,
            temporalEndRssMiB: sampler.lastMiB('temporal'),
            sandboxPeakRssMiB: sampler.peakMiB('sandbox'),
            targetWorkerMiB,
            cpu: cpuUsed,
            memorySamples: sampler.thinned(),
          },
          checks,
        };
      } finally {
        sampler.stop();
      }
    });
  });
}
