import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadSettings } from '../../config/settings';
import { installedUblSchemaDir } from '../../ubl/installed-schemas';
import { schemaDir } from '../../harness/ubl-examples';

void describe('settings: UBL 2.1 schemas and inbound validation', () => {
  const noSchemas = path.join(mkdtempSync(path.join(tmpdir(), 'no-ubl-')), 'xsdrt');

  void test('the schemas installed under .tools/ are the default; UBL_SCHEMA_DIR overrides them', () => {
    assert.equal(installedUblSchemaDir, path.resolve(__dirname, '../../.tools/ubl-2.1/xsdrt'));
    assert.equal(loadSettings({}, { ublSchemaDir: schemaDir }).ublSchemaDir, schemaDir);
    const relative = path.relative(process.cwd(), schemaDir);
    assert.equal(
      loadSettings({ UBL_SCHEMA_DIR: relative }, { ublSchemaDir: noSchemas }).ublSchemaDir,
      path.resolve(relative),
    );
  });

  void test('a UBL_SCHEMA_DIR without the schemas stops the start, naming the variable', () => {
    assert.throws(
      () => loadSettings({ UBL_SCHEMA_DIR: noSchemas }),
      /UBL_SCHEMA_DIR=.* does not hold the UBL 2\.1 schemas \(no maindoc\/UBL-Order-2\.1\.xsd\)/,
    );
  });

  void test('without UBL_SCHEMA_DIR and without installed schemas there are none', () => {
    assert.equal(loadSettings({}, { ublSchemaDir: noSchemas }).ublSchemaDir, undefined);
  });

  void test('UBL_INBOUND_VALIDATION is warn by default, takes strict and off, and refuses anything else', () => {
    assert.equal(loadSettings({}).ublInboundValidation, 'warn');
    assert.equal(loadSettings({ UBL_INBOUND_VALIDATION: 'strict' }).ublInboundValidation, 'strict');
    assert.equal(loadSettings({ UBL_INBOUND_VALIDATION: 'off' }).ublInboundValidation, 'off');
    assert.throws(() => loadSettings({ UBL_INBOUND_VALIDATION: 'loud' }), /UBL_INBOUND_VALIDATION/);
  });
});
