/**
 * Codec: parse + validate + build + validate per document (an inbound Order or OrderChange and the
 * OrderResponse built for it), against xsd-schema-validator (Java, one JVM per call) validating the
 * same two documents, in the same run. The documents are the OASIS and Peppol examples in
 * ../shared, or the repository's own fixtures without it. Each document must be valid to both.
 *
 *   npm run bench -- codec [--iterations 200] [--java-runs 1]
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OrderChangeDocument, OrderDocument } from '../domain/documents';
import { fixturesDir, sharedPresent, examplesDir } from '../harness/ubl-examples';
import { buildOrderResponse } from '../ubl/build-order-response';
import { JavaXsdValidator } from '../ubl/java-validator';
import { Libxml2XsdValidator } from '../ubl/libxml2-validator';
import { orderResponseFromOrder } from '../ubl/order-response-from-order';
import { parseInboundDocument } from '../ubl/parse-inbound';
import { installedUblSchemaDir } from '../ubl/installed-schemas';
import type { BenchArgs } from './support/args';
import type { Benchmark } from './support/benchmark';
import type { Check } from './support/checks';
import { round } from './support/figures';
import type { BenchResult } from './support/results';

interface Document {
  name: string;
  xml: string;
}

const isInboundOrder = (file: string) =>
  /Order(Change)?[^R]*\.xml$/i.test(file) && !/response|cancel/i.test(file);

function inboundOrders(): { source: string; documents: Document[] } {
  const read = (dir: string, files: string[]) =>
    files.map((file) => ({ name: file, xml: fs.readFileSync(path.join(dir, file), 'utf8') }));
  if (sharedPresent) {
    return {
      source: 'the OASIS and Peppol examples in ../shared',
      documents: ['oasis', 'peppol'].flatMap((folder) =>
        read(
          path.join(examplesDir, folder),
          fs.readdirSync(path.join(examplesDir, folder)).filter(isInboundOrder),
        ),
      ),
    };
  }
  return {
    source: 'test/fixtures/ubl',
    documents: read(
      fixturesDir,
      fs.readdirSync(fixturesDir).filter((file) => /^basic-order(-change)?\.xml$/.test(file)),
    ),
  };
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

export const codecBenchmark: Benchmark = {
  name: 'codec',
  description:
    'UBL codec (parse + validate + build + validate) vs xsd-schema-validator on the same documents',
  flags: '--iterations 200 --java-runs 1',
  async run(args: BenchArgs): Promise<BenchResult[]> {
    const iterations = args.number('iterations', 200);
    const javaRuns = args.number('java-runs', 1);
    const schemaDir = args.text('schemas', installedUblSchemaDir);
    const { source, documents } = inboundOrders();
    const libxml2 = new Libxml2XsdValidator(schemaDir);
    const java = new JavaXsdValidator(schemaDir);
    const checks: Check[] = [];
    const perDocument: { document: string; codecMs: number; javaMs: number }[] = [];
    try {
      // Warm-up compiles each schema once (paid once per process, not per document).
      const responses = new Map<string, string>();
      for (const document of documents) responses.set(document.name, await codecPass(document, libxml2));
      for (const document of documents) {
        const start = performance.now();
        for (let i = 0; i < iterations; i++) await codecPass(document, libxml2);
        const codecMs = (performance.now() - start) / iterations;
        // The same work for the Java engine: validate the inbound document and the built response.
        const javaStart = performance.now();
        let agrees = true;
        for (let i = 0; i < javaRuns; i++) {
          const verdicts = await Promise.all([
            java.validate(document.xml),
            java.validate(responses.get(document.name) ?? ''),
          ]);
          agrees &&= verdicts.every((verdict) => verdict.valid);
        }
        const javaMs = (performance.now() - javaStart) / javaRuns;
        checks.push({
          name: `${document.name}: valid to both engines`,
          ok: agrees,
          detail: agrees
            ? 'document and response valid'
            : 'xsd-schema-validator finds the document or its response invalid',
        });
        perDocument.push({ document: document.name, codecMs: round(codecMs, 3), javaMs: round(javaMs, 1) });
      }
    } finally {
      libxml2.dispose();
    }
    const codecMs = perDocument.reduce((sum, row) => sum + row.codecMs, 0) / perDocument.length;
    const javaMs = perDocument.reduce((sum, row) => sum + row.javaMs, 0) / perDocument.length;
    const failed = checks.filter((check) => !check.ok).length;
    return [
      {
        name: 'codec',
        summary:
          `codec: ${codecMs.toFixed(3)} ms/document (parse + validate + build + validate), ` +
          `xsd-schema-validator ${javaMs.toFixed(0)} ms/document, ${(javaMs / codecMs).toFixed(0)}x faster; ` +
          `${documents.length} documents from ${source}` +
          (failed === 0 ? ', checks passed' : `; CHECKS FAILED: ${failed} document(s)`),
        figures: {
          iterations,
          javaRuns,
          source,
          codecMsPerDocument: round(codecMs, 3),
          javaMsPerDocument: round(javaMs, 1),
          ratio: round(javaMs / codecMs, 0),
          perDocument,
        },
        checks,
      },
    ];
  },
};
