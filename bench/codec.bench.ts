/**
 * Codec benchmark: parse + validate + build per document, reported as a ratio against
 * xsd-schema-validator (Java, one JVM per call) on the same documents in the same run. Only ratios
 * and per-run timings are printed; nothing here asserts absolute times.
 *
 *   npx tsx bench/codec.bench.ts [--iterations 200] [--java-runs 1]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OrderChangeDocument, OrderDocument } from '../domain/documents';
import { buildOrderResponse } from '../ubl/build-order-response';
import { JavaXsdValidator } from '../ubl/java-validator';
import { Libxml2XsdValidator } from '../ubl/libxml2-validator';
import { orderResponseFromOrder } from '../ubl/order-response-from-order';
import { parseInboundDocument } from '../ubl/parse-inbound';
import { installedUblSchemaDir } from '../worker/ubl-schemas';

const root = path.resolve(__dirname, '..');
const schemaDir = process.env.UBL_SCHEMA_DIR ?? installedUblSchemaDir;
const examplesDir = path.resolve(root, '..', 'shared', 'examples');

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

interface Document {
  name: string;
  xml: string;
}

function inboundOrders(): Document[] {
  return ['oasis', 'peppol'].flatMap((folder) =>
    readdirSync(path.join(examplesDir, folder))
      .filter((file) => /Order(Change)?[^R]*\.xml$/.test(file) && !/response|cancel/i.test(file))
      .map((file) => ({ name: file, xml: readFileSync(path.join(examplesDir, folder, file), 'utf8') })),
  );
}

/** One document through the codec: parse, validate inbound, build the response, validate it. */
async function codecPass(document: Document, validator: Libxml2XsdValidator): Promise<string> {
  const parsed = parseInboundDocument(document.xml) as OrderDocument | OrderChangeDocument;
  const inbound = await validator.validate(document.xml);
  if (!inbound.valid) throw new Error(`${document.name} is not valid: ${inbound.problems[0]?.message}`);
  const response = buildOrderResponse(
    orderResponseFromOrder(parsed, { responseId: 'R-1', issueDate: '2026-11-27', sellerContactId: 'bench' }),
  );
  const outbound = await validator.validate(response);
  if (!outbound.valid)
    throw new Error(`response to ${document.name} is not valid: ${outbound.problems[0]?.message}`);
  return response;
}

async function main(): Promise<void> {
  const iterations = argument('iterations', 200);
  const javaRuns = argument('java-runs', 1);
  const documents = inboundOrders();
  const libxml2 = new Libxml2XsdValidator(schemaDir);
  const java = new JavaXsdValidator(schemaDir);

  // Warm-up compiles each schema once (that cost is paid once per process, not per document).
  const responses = new Map<string, string>();
  for (const document of documents) responses.set(document.name, await codecPass(document, libxml2));

  console.log(
    `codec benchmark: ${documents.length} documents, ${iterations} codec iterations, ${javaRuns} java run(s)`,
  );
  console.log(
    'document'.padEnd(34),
    'codec ms/doc'.padStart(13),
    'java ms/doc'.padStart(12),
    'java/codec'.padStart(11),
  );
  let codecTotal = 0;
  let javaTotal = 0;
  for (const document of documents) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) await codecPass(document, libxml2);
    const codecMs = (performance.now() - start) / iterations;

    // Same work for the Java engine: validate the inbound document and the built response.
    const javaStart = performance.now();
    for (let i = 0; i < javaRuns; i++) {
      const verdicts = await Promise.all([
        java.validate(document.xml),
        java.validate(responses.get(document.name) ?? ''),
      ]);
      if (!verdicts.every((verdict) => verdict.valid)) throw new Error(`java disagrees on ${document.name}`);
    }
    const javaMs = (performance.now() - javaStart) / javaRuns;
    codecTotal += codecMs;
    javaTotal += javaMs;
    console.log(
      document.name.padEnd(34),
      codecMs.toFixed(3).padStart(13),
      javaMs.toFixed(1).padStart(12),
      `${(javaMs / codecMs).toFixed(0)}x`.padStart(11),
    );
  }
  console.log(
    'overall'.padEnd(34),
    (codecTotal / documents.length).toFixed(3).padStart(13),
    (javaTotal / documents.length).toFixed(1).padStart(12),
    `${(javaTotal / codecTotal).toFixed(0)}x`.padStart(11),
  );
  libxml2.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
