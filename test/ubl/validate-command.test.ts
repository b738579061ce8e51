import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command, CommanderError } from 'commander';
import { registerValidateCommand } from '../../ubl/validate-command';
import { examplesDir, schemaDir } from './paths';
import { brokenVariants } from './variants';

interface Run {
  out: string;
  err: string;
  exitCode: number;
}

async function run(args: string[]): Promise<Run> {
  const program = new Command('jakamo-so').exitOverride();
  let out = '';
  let err = '';
  program.configureOutput({ writeOut: (text) => (out += text), writeErr: (text) => (err += text) });
  registerValidateCommand(program);
  try {
    await program.parseAsync(['validate', ...args], { from: 'user' });
    return { out, err, exitCode: 0 };
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { out, err, exitCode: error.exitCode };
  }
}

const valid = path.join(examplesDir, 'oasis', 'UBL-Order-2.1-Example.xml');
const invalid = path.join(examplesDir, 'peppol', 'OrderResponseAdvanced_Example.xml');

void describe('jakamo-so validate', () => {
  void it('all valid: exit 0, type and verdict per file', async () => {
    const result = await run([
      valid,
      path.join(examplesDir, 'peppol', 'UC1_Order_response.xml'),
      '--schemas',
      schemaDir,
    ]);
    assert.equal(result.exitCode, 0, result.err);
    assert.match(result.out, /UBL-Order-2\.1-Example\.xml: Order: valid\n/);
    assert.match(result.out, /UC1_Order_response\.xml: OrderResponse: valid\n/);
  });

  void it('one invalid: exit 1, problems with line numbers', async () => {
    const result = await run([valid, invalid, '--schemas', schemaDir]);
    assert.equal(result.exitCode, 1);
    assert.match(result.out, /OrderResponseAdvanced_Example\.xml: OrderResponse: invalid\n {2}line \d+: /);
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

  void it('no schemas configured: a clear error telling where to get them', async () => {
    const saved = process.env.UBL_SCHEMA_DIR;
    delete process.env.UBL_SCHEMA_DIR;
    try {
      const result = await run([valid]);
      assert.equal(result.exitCode, 2);
      assert.match(result.err, /OASIS UBL 2\.1 distribution.*UBL_SCHEMA_DIR.*xsdrt\//);
    } finally {
      if (saved !== undefined) process.env.UBL_SCHEMA_DIR = saved;
    }
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
