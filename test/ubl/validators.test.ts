import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { JavaXsdValidator } from '../../ubl/java-validator';
import { Libxml2XsdValidator } from '../../ubl/libxml2-validator';
import { detectDocumentType, type ValidationResult } from '../../ubl/xsd-validator';
import { conformance, example } from './helpers';
import { examplesDir, fixturesDir, schemaDir } from './paths';
import { brokenVariants, builtOrderResponse } from './variants';

const libxml2 = new Libxml2XsdValidator(schemaDir);
const java = new JavaXsdValidator(schemaDir);
after(() => libxml2.dispose());

/** The example files that are NOT valid UBL 2.1 (see ../shared/README.md). */
const knownInvalid = new Set([
  'OrderResponseAdvanced_Example.xml',
  'OrderResponse_sample_from_jakamo_csharp_client.xml',
]);

/** The examples in ../shared (conformance cases), or none on a fresh clone. */
const examples = conformance.skip
  ? []
  : ['oasis', 'peppol', 'jakamo'].flatMap((folder) =>
      readdirSync(path.join(examplesDir, folder))
        .filter((file) => file.endsWith('.xml'))
        .map((file) => ({
          name: file,
          xml: readFileSync(path.join(examplesDir, folder, file), 'utf8'),
          valid: !knownInvalid.has(file),
        })),
    );
/** Documents written for this repository, all valid. */
const fixtures = readdirSync(fixturesDir)
  .filter((file) => file.endsWith('.xml'))
  .map((file) => ({ name: file, xml: readFileSync(path.join(fixturesDir, file), 'utf8'), valid: true }));
const broken = brokenVariants().map((variant) => ({ ...variant, valid: false }));
const built = [{ name: 'built OrderResponse (basic-order.xml)', xml: builtOrderResponse(), valid: true }];
const cases = [...fixtures, ...broken, ...built];

/** Java starts one JVM per call: run a few at a time to keep the suite short. */
async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(run))));
  }
  return results;
}

const describeProblems = (result: ValidationResult) =>
  result.problems.map((p) => `${p.line}: ${p.message}`).join('\n');

/** libxml2 gives each case its expected verdict, with line numbers on the problems. */
async function assertVerdicts(list: { name: string; xml: string; valid: boolean }[]): Promise<void> {
  for (const { name, xml, valid } of list) {
    const result = await libxml2.validate(xml);
    assert.equal(result.valid, valid, `${name}\n${describeProblems(result)}`);
    if (!valid) {
      assert.ok(result.problems.length > 0, name);
      assert.ok(
        result.problems.some((problem) => problem.line !== undefined),
        `${name} has no line numbers`,
      );
    }
  }
}

/** libxml2 and the Java engine give the same verdict on each case; Java's problems carry lines. */
async function assertEnginesAgree(list: { name: string; xml: string }[]): Promise<void> {
  const verdicts = await inBatches(list, 6, async ({ name, xml }) => {
    const [fast, independent] = await Promise.all([libxml2.validate(xml), java.validate(xml)]);
    return { name, fast, independent };
  });
  const disagreements = verdicts.filter(({ fast, independent }) => fast.valid !== independent.valid);
  assert.deepEqual(
    disagreements.map(
      ({ name, fast, independent }) =>
        `${name}: libxml2 ${fast.valid}, java ${independent.valid}\n${describeProblems(independent)}`,
    ),
    [],
  );
  for (const { name, independent } of verdicts) {
    if (!independent.valid)
      assert.ok(
        independent.problems.some((p) => p.line !== undefined),
        `${name}: java gave no line`,
      );
  }
}

void describe('XSD validation', () => {
  void it('there are enough cases', () => {
    const types = ['Order', 'OrderChange', 'OrderCancellation', 'OrderResponse', 'OrderResponseSimple'];
    for (const type of types) {
      assert.ok(
        fixtures.some(({ xml }) => detectDocumentType(xml) === type),
        `test/fixtures/ubl has a valid ${type}`,
      );
    }
    assert.ok(broken.length >= 10);
  });

  void it('libxml2: every case has the expected verdict, problems carry line numbers', async () => {
    await assertVerdicts(cases);
  });

  void it('libxml2 and the Java engine agree (valid / invalid) on every document and broken variant', async () => {
    await assertEnginesAgree(cases);
  });

  void it('a DTD is refused by both engines before XSD validation', async () => {
    const xxe =
      '<?xml version="1.0"?>\n<!DOCTYPE Order [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Order>&x;</Order>';
    for (const validator of [libxml2, java]) {
      const result = await validator.validate(xxe);
      assert.equal(result.valid, false);
      assert.match(result.problems[0]?.message ?? '', /DOCTYPE/);
      assert.equal(result.problems[0]?.line, 2);
    }
  });

  void it('a document of another ordering type is refused when that type is asked for, by both engines', async () => {
    // libxml2 compiles the five ordering schemas as one set: this keeps it as strict as one schema per type.
    const orderResponse = builtOrderResponse();
    for (const validator of [libxml2, java]) {
      assert.equal((await validator.validate(orderResponse, 'OrderResponse')).valid, true);
      const result = await validator.validate(orderResponse, 'Order');
      assert.equal(result.valid, false);
      assert.equal(result.documentType, 'Order');
    }
    const [problem] = (await libxml2.validate(orderResponse, 'Order')).problems;
    assert.match(
      problem?.message ?? '',
      /OrderResponse': No matching global declaration available for the validation root/,
    );
    assert.ok(problem?.line !== undefined);
  });

  void it('a root that is no UBL ordering document', async () => {
    const result = await libxml2.validate('<Invoice xmlns="urn:x"/>');
    assert.equal(result.valid, false);
    assert.equal(result.documentType, undefined);
  });
});

void describe('XSD validation of the OASIS, Peppol and Jakamo examples (conformance)', conformance, () => {
  void it('all 20 examples are there', () => {
    assert.equal(examples.length, 20);
  });

  void it('libxml2: every example has its expected verdict (two are known invalid)', async () => {
    await assertVerdicts(examples);
  });

  void it('every built OrderResponse of every example order is valid UBL 2.1 (libxml2)', async () => {
    const orders: [string, string][] = [
      ['oasis', 'UBL-Order-2.1-Example.xml'],
      ['peppol', 'Order_Example.xml'],
      ['peppol', 'Order_sc1.xml'],
      ['peppol', 'UC1_Order.xml'],
      ['peppol', 'UC2_Order.xml'],
      ['peppol', 'UC3_Order.xml'],
    ];
    for (const [folder, file] of orders) {
      const result = await libxml2.validate(builtOrderResponse(example(folder, file)));
      assert.ok(result.valid, `${file}\n${describeProblems(result)}`);
    }
  });

  void it('libxml2 and the Java engine agree (valid / invalid) on every example', async () => {
    await assertEnginesAgree(examples);
  });
});
