/**
 * Run as a short-lived child process by worker/workflow-bundle.ts
 * (`node --import tsx worker/build-workflow-bundle.ts <target file>`): bundles the workflow code
 * with webpack and writes it to the target. A child of its own, because webpack leaves about
 * 110 MiB behind in the process that runs it, and that process must not be the worker
 * (docs/performance.md, "Memory").
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const workflowsPath = require.resolve('../workflows');

async function main(target: string | undefined): Promise<void> {
  if (target === undefined) throw new Error('usage: build-workflow-bundle.ts <target file>');
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    // Webpack's own progress goes nowhere; its problems (and a failed build) go to stderr.
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => console.error(message),
      error: (message: string) => console.error(message),
    },
  });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // Written beside the target, then renamed: a reader (another test process, another worker)
  // sees either no file or a whole one, never half of one.
  const partial = `${target}.${process.pid}.partial`;
  fs.writeFileSync(partial, code);
  fs.renameSync(partial, target);
}

main(process.argv[2]).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
