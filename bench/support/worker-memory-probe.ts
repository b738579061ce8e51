/**
 * Run on its own by the worker-memory benchmark (`node --import tsx bench/support/worker-memory-probe.ts`):
 * loads what `jakamo-so worker` loads, step by step, and prints the process's resident memory
 * after each step as one JSON line. A fresh process, so that nothing else is in its memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { processMemory } from './process-memory';

async function main(): Promise<void> {
  const steps: { step: string; rssMiB: number | undefined }[] = [];
  const measure = (step: string) => steps.push({ step, rssMiB: processMemory(process.pid)?.rssMiB });
  measure('Node.js and tsx');
  const { bundleWorkflows } = await import('../../worker/create-worker');
  await import('../../worker/pipeline-service');
  await import('../../client/cli');
  measure('the product modules (CLI, worker, activities, database, Temporal SDK)');
  const { Libxml2XsdValidator } = await import('../../ubl/libxml2-validator');
  const { installedUblSchemaDir } = await import('../../worker/ubl-schemas');
  const { fixturesDir } = await import('../../test/support/shared');
  const validator = new Libxml2XsdValidator(installedUblSchemaDir);
  for (const [kind, file] of [
    ['Order', 'basic-order.xml'],
    ['OrderResponse', 'basic-order-response.xml'],
    ['OrderChange', 'basic-order-change.xml'],
  ] as const) {
    await validator.validate(fs.readFileSync(path.join(fixturesDir, file), 'utf8'));
    measure(`the UBL 2.1 ${kind} schema compiled (libxml2-wasm)`);
  }
  await bundleWorkflows();
  measure('the workflow code bundled (webpack, at every worker start)');
  console.log(JSON.stringify(steps));
  validator.dispose();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
