/**
 * `npm run bench -- [name...] [--flags]`: runs the named benchmarks (all of them without a name),
 * each printing one summary line per configuration and writing its JSON to
 * `.bench-results/<name>-<timestamp>.json`. A failed correctness check makes the run exit 1.
 * `npm run bench -- --list` lists them with their flags. Not part of `npm test`: figures need a
 * quiet machine (see docs/performance.md).
 */
import { quietTemporalRuntime } from '../harness/temporal-runtime';
import { temporalBinaries } from '../worker/temporal-binaries';
import { backlogBenchmark } from './backlog.bench';
import { codecBenchmark } from './codec.bench';
import { drainBenchmark } from './drain.bench';
import { endToEndBenchmark } from './end-to-end.bench';
import { steadyRateBenchmark } from './steady-rate.bench';
import { workerMemoryBenchmark } from './worker-memory.bench';
import { BenchArgs } from './support/args';
import type { Benchmark } from './support/benchmark';
import { cleanUpAll } from './support/cleanup';
import { describeMachine } from './support/machine';
import { writeRecord } from './support/results';

const benchmarks: Benchmark[] = [
  codecBenchmark,
  drainBenchmark,
  endToEndBenchmark,
  steadyRateBenchmark,
  backlogBenchmark,
  workerMemoryBenchmark,
];

function list(): void {
  console.log('Benchmarks (npm run bench -- <name> [flags]; all of them without a name):');
  for (const benchmark of benchmarks) {
    console.log(`  ${benchmark.name.padEnd(12)} ${benchmark.description}`);
    console.log(`  ${''.padEnd(12)} flags (defaults): ${benchmark.flags} [--keep]`);
  }
}

async function main(): Promise<number> {
  const args = new BenchArgs(process.argv.slice(2));
  if (args.has('list') || args.has('help')) {
    list();
    return 0;
  }
  const unknown = args.names.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name));
  if (unknown.length > 0) {
    console.error(`No benchmark named ${unknown.join(', ')}.`);
    list();
    return 2;
  }
  const selected =
    args.names.length === 0
      ? benchmarks
      : benchmarks.filter((benchmark) => args.names.includes(benchmark.name));
  quietTemporalRuntime();
  const machine = describeMachine(temporalBinaries().cli);
  const [load] = machine.loadAverageAtStart;
  if (load !== undefined && load > machine.cpus * 0.5) {
    console.log(
      `note: the load average is ${load} on ${machine.cpus} CPUs: something else is running, and the figures will show it`,
    );
  }
  let correct = true;
  for (const benchmark of selected) {
    const started = Date.now();
    const results = await benchmark.run(args);
    for (const result of results) {
      const ok = result.checks.every((check) => check.ok);
      correct &&= ok;
      const file = writeRecord({
        ...result,
        benchmark: benchmark.name,
        command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
        flags: args.all,
        machine,
        startedAt: new Date(started).toISOString(),
        durationSeconds: Math.round((Date.now() - started) / 100) / 10,
        correct: ok,
      });
      console.log(result.summary);
      console.log(`  → ${file}`);
    }
  }
  return correct ? 0 : 1;
}

let interrupted = false;
const interrupt = () => {
  if (interrupted) return;
  interrupted = true;
  console.error('interrupted: stopping what the benchmark started');
  void cleanUpAll().then(() => process.exit(130));
};
process.once('SIGINT', interrupt);
process.once('SIGTERM', interrupt);

main()
  .then(
    (code) => code,
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      return 1;
    },
  )
  .then(async (code) => {
    await cleanUpAll();
    process.exit(code);
  })
  .catch(() => process.exit(1));
