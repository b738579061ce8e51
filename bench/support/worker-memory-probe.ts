/**
 * Run on its own by the worker-memory benchmark (`node --require tsx/cjs bench/support/worker-memory-probe.ts`,
 * the way bin/jakamo-so.cjs loads tsx): loads what `jakamo-so worker` loads, step by step, and
 * prints the process's resident memory after each step as one JSON line. A fresh process, so
 * that nothing else is in its memory.
 *
 * The steps are loaded with `require`: under tsx's CommonJS hooks (what the product runs with),
 * `import()` of a .ts file is not transformed. Loading tsx's ESM hooks instead (`--import tsx`)
 * would measure something the worker never pays: they transform libxml2-wasm's 1 MB module,
 * which costs 160 MiB.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { processMemory } from './process-memory';

const requireHere = createRequire(__filename);
/** `require` of a product module, typed as what `import()` would give. */
function load<T>(id: string): T {
  return requireHere(id) as T;
}

async function main(): Promise<void> {
  const steps: { step: string; rssMiB: number | undefined }[] = [];
  const measure = (step: string) => steps.push({ step, rssMiB: processMemory(process.pid)?.rssMiB });
  measure('Node.js and tsx');
  load('../../worker/create-worker');
  load('../../worker/pipeline-service');
  load('../../client/cli/cli');
  measure('the product modules (CLI, worker, activities, database, Temporal SDK)');
  const { Libxml2XsdValidator } = load<typeof import('../../ubl/libxml2-validator')>(
    '../../ubl/libxml2-validator',
  );
  const { installedUblSchemaDir } = load<typeof import('../../ubl/installed-schemas')>(
    '../../ubl/installed-schemas',
  );
  const { fixturesDir } = load<typeof import('../../harness/ubl-examples')>('../../harness/ubl-examples');
  const { prebuiltWorkflowBundle } = load<typeof import('../../worker/workflow-bundle')>(
    '../../worker/workflow-bundle',
  );
  const validator = new Libxml2XsdValidator(installedUblSchemaDir);
  const validate = async (file: string) => {
    const result = await validator.validate(fs.readFileSync(path.join(fixturesDir, file), 'utf8'));
    if (!result.valid) throw new Error(`${file} is not valid: ${JSON.stringify(result.problems)}`);
  };
  await validate('basic-order.xml');
  measure('the UBL 2.1 schemas compiled at the first document, an Order (libxml2-wasm)');
  for (const file of [
    'basic-order-response.xml',
    'basic-order-change.xml',
    'basic-order-cancellation.xml',
    'basic-order-response-simple.xml',
  ]) {
    await validate(file);
  }
  measure('an OrderResponse, OrderChange, OrderCancellation and OrderResponseSimple validated');
  // What Worker.create does with `workflowBundle: { codePath }`: read the prebuilt bundle. When
  // there is none for these sources yet, a child process builds it; its memory is not ours.
  const { codePath } = await prebuiltWorkflowBundle();
  const code = await fs.promises.readFile(codePath, 'utf8');
  measure(`the prebuilt workflow bundle loaded (${(code.length / 1048576).toFixed(1)} MB)`);
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
