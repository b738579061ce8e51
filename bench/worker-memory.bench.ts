/**
 * Worker memory at start: what the worker's resident memory is made of before it holds a single
 * order, step by step, in a fresh process started as bin/jakamo-so.cjs starts the worker: tsx's
 * CommonJS hooks and the default heap limits (bench/support/worker-memory-probe.ts). The steps:
 * Node.js and the modules, the UBL 2.1 schemas compiled for XSD validation, the prebuilt workflow
 * bundle (worker/workflow-bundle.ts). The backlog benchmark shows what the running worker and its
 * orders add on top.
 *
 *   npm run bench -- worker-memory
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../config/project-root';
import type { Benchmark } from './support/benchmark';
import { childEnvironment } from './support/environment';
import type { BenchResult } from './support/results';

/** bin/worker-heap.cjs (plain CommonJS): the heap limits `jakamo-so worker` runs with by default. */
const { heapFlags } = createRequire(__filename)(path.join(projectRoot, 'bin', 'worker-heap.cjs')) as {
  heapFlags: (command: string, env: NodeJS.ProcessEnv, execArgv: string[]) => string[];
};

/** How many steps the probe measures. */
const probeSteps = 5;

interface Step {
  step: string;
  rssMiB: number | undefined;
}

export const workerMemoryBenchmark: Benchmark = {
  name: 'worker-memory',
  description: "what the worker's resident memory is made of before its first order",
  flags: '(none)',
  run(): Promise<BenchResult[]> {
    const output = execFileSync(
      process.execPath,
      [
        ...heapFlags('worker', {}, []),
        '--require',
        'tsx/cjs',
        path.join(projectRoot, 'bench', 'support', 'worker-memory-probe.ts'),
      ],
      { cwd: projectRoot, env: childEnvironment({}), encoding: 'utf8' },
    );
    const steps = JSON.parse(output.trim().split('\n').pop() ?? '[]') as Step[];
    let previous = 0;
    const parts = steps.map((step) => {
      const added = (step.rssMiB ?? 0) - previous;
      previous = step.rssMiB ?? previous;
      return { ...step, addedMiB: Math.round(added) };
    });
    const total = steps[steps.length - 1]?.rssMiB ?? 0;
    const complete = steps.length === probeSteps && steps.every((step) => step.rssMiB !== undefined);
    return Promise.resolve([
      {
        name: 'worker-memory',
        summary:
          `worker-memory: ${total.toFixed(0)} MiB before the first order — ` +
          parts.map((part) => `${part.step} +${part.addedMiB} MiB`).join(', '),
        figures: { steps: parts, totalMiB: total },
        checks: [
          {
            name: 'every step measured',
            ok: complete,
            detail: complete ? `${steps.length} steps` : 'the probe did not report every step (not Linux?)',
          },
        ],
      },
    ]);
  },
};
