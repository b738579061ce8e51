import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command, CommanderError } from 'commander';
import { loadSettings, type Settings } from '../../config/settings';
import { registerValidateCommand } from '../../ubl/validate-command';
import { fixturesDir, schemaDir } from './paths';
import { brokenVariants } from './variants';

interface Run {
  out: string;
  err: string;
  exitCode: number;
}

async function run(args: string[], settings?: () => Settings): Promise<Run> {
  const program = new Command('jakamo-so').exitOverride();
  let out = '';
  let err = '';
  program.configureOutput({ writeOut: (text) => (out += text), writeErr: (text) => (err += text) });
  registerValidateCommand(program, settings);
  try {
    await program.parseAsync(['validate', ...args], { from: 'user' });
    return { out, err, exitCode: 0 };
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { out, err, exitCode: error.exitCode };
  }
}

const valid = path.join(fixturesDir, 'basic-order.xml');
const validResponse = path.join(fixturesDir, 'basic-order-response.xml');
/** The fixture OrderResponse with its elements out of order: well-formed, invalid against the schema. */
function invalidResponse(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ubl-validate-')), 'misordered-response.xml');
  const xml = readFileSync(validResponse, 'utf8').replace(
    /(<cbc:IssueDate>[^<]*<\/cbc:IssueDate>)(\s*)(<cbc:ID>[^<]*<\/cbc:ID>)/,
    '$3$2$1',
  );
  writeFileSync(file, xml.replace('<cbc:ID>R-4711-1</cbc:ID>', '<cbc:Foo>R-4711-1</cbc:Foo>'));
  return file;
}

void describe('jakamo-so validate', () => {
  void it('all valid: exit 0, type and verdict per file', async () => {
    const result = await run([valid, validResponse, '--schemas', schemaDir]);
    assert.equal(result.exitCode, 0, result.err);
    assert.match(result.out, /basic-order\.xml: Order: valid\n/);
    assert.match(result.out, /basic-order-response\.xml: OrderResponse: valid\n/);
  });

  void it('one invalid: exit 1, problems with line numbers', async () => {
    const result = await run([valid, invalidResponse(), '--schemas', schemaDir]);
    assert.equal(result.exitCode, 1);
    assert.match(result.out, /misordered-response\.xml: OrderResponse: invalid\n {2}line \d+: /);
    assert.match(result.err, /1 of 2 file\(s\) invalid/);
  });

  void it('broken and hostile files are reported, not thrown', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ubl-validate-'));
    const truncated = path.join(dir, 'truncated.xml');
    writeFileSync(
      truncated,
      brokenVariants().find((variant) => variant.name === 'Order truncated')?.xml ?? '',
    );
    const latin1 = path.join(dir, 'latin1.xml');
    writeFileSync(latin1, Buffer.from('<Order>Rådhus</Order>', 'latin1'));
    const result = await run([truncated, latin1, path.join(dir, 'missing.xml'), '--schemas', schemaDir]);
    assert.equal(result.exitCode, 1);
    assert.match(result.out, /truncated\.xml: Order: invalid\n {2}line \d+/);
    assert.match(
      result.out,
      /latin1\.xml: unknown document type: invalid\n {2}The document is not valid UTF-8/,
    );
    assert.match(result.out, /missing\.xml: unknown document type: invalid\n {2}cannot read the file/);
  });

  void it('no schemas configured or installed: a clear error telling how to get them', async () => {
    const result = await run([valid], () =>
      loadSettings({}, { ublSchemaDir: path.join(tmpdir(), 'no-such-dir') }),
    );
    assert.equal(result.exitCode, 2);
    assert.match(
      result.err,
      /install-ubl-schemas\.sh.*Maven.*OASIS UBL 2\.1 distribution.*UBL_SCHEMA_DIR.*xsdrt\//,
    );
  });

  void it('without UBL_SCHEMA_DIR, the schemas installed under .tools/ are the default', async () => {
    const result = await run([validResponse], () => loadSettings({}, { ublSchemaDir: schemaDir }));
    assert.equal(result.exitCode, 0, result.err);
    assert.match(result.out, /basic-order-response\.xml: OrderResponse: valid\n/);
  });

  void it('UBL_SCHEMA_DIR is the default; a folder without schemas is refused', async () => {
    const saved = process.env.UBL_SCHEMA_DIR;
    try {
      process.env.UBL_SCHEMA_DIR = schemaDir;
      assert.equal((await run([valid])).exitCode, 0);
      const wrong = await run([valid, '--schemas', tmpdir()]);
      assert.equal(wrong.exitCode, 2);
      assert.match(wrong.err, /does not hold the UBL 2\.1 schemas/);
    } finally {
      if (saved === undefined) delete process.env.UBL_SCHEMA_DIR;
      else process.env.UBL_SCHEMA_DIR = saved;
    }
  });
});
