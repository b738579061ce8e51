import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runJakamoSo, type CliResult } from '../support/cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-config-check-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `jakamo-so` as a child process with only the given variables set (besides PATH). */
function jakamoSo(environment: Record<string, string>, ...args: string[]): Promise<CliResult> {
  return runJakamoSo(args, { env: { PATH: process.env.PATH ?? '', ...environment }, cwd: dir });
}

const passwordFile = path.join(dir, 'nordic-pw');
fs.writeFileSync(passwordFile, 'nordic-file-secret-value\n');
const configFile = path.join(dir, 'jakamo-so.json');
fs.writeFileSync(
  configFile,
  JSON.stringify({
    integrations: [
      {
        id: 'acme-eu',
        baseUrl: 'https://demo.thejakamo.com',
        username: { env: 'JAKAMO_ACME_USER' },
        password: { env: 'JAKAMO_ACME_PW' },
        pollInterval: '10s',
      },
      {
        id: 'nordic',
        baseUrl: 'https://demo.thejakamo.com',
        username: 'nordic-supplier',
        password: { file: passwordFile },
      },
    ],
    customers: {
      'ACME-FI': { confirmationPolicy: 'erp', responseStyle: 'order-response', sellerContactId: 'SELLER-7' },
    },
    defaults: { confirmationPolicy: 'auto', sellerContactId: 'SELLER-1', quietPeriod: '30d' },
    erpApi: { tokens: { env: 'ERP_API_TOKENS' } },
  }),
);
const secrets = {
  JAKAMO_ACME_USER: 'acme-user-value',
  JAKAMO_ACME_PW: 'acme-password-value',
  ERP_API_TOKENS: 'erp-token-value-0123456789',
};

void describe('jakamo-so config check', () => {
  void test('prints the effective configuration with where each secret comes from, never a value', async () => {
    for (const args of [
      ['config', 'check'],
      ['config', 'check', '--json'],
    ]) {
      const result = await jakamoSo({ JAKAMO_SO_CONFIG: configFile, ...secrets }, ...args);
      assert.equal(result.code, 0, result.stderr);
      for (const value of [...Object.values(secrets), 'nordic-file-secret-value']) {
        assert.equal(result.stdout.includes(value), false, `${value} is printed`);
        assert.equal(result.stderr.includes(value), false, `${value} is printed on stderr`);
      }
      assert.match(result.stdout, /acme-eu/);
      assert.match(result.stdout, /env:JAKAMO_ACME_PW \(set\)/);
      assert.match(result.stdout, /env:JAKAMO_ACME_USER \(set\)/);
      assert.ok(result.stdout.includes(`file:${passwordFile} (readable)`), result.stdout);
      assert.match(result.stdout, /env:ERP_API_TOKENS \(set\)/);
    }
  });

  void test('an invalid file ends with exit code 1 and names the key at fault', async () => {
    const { JAKAMO_ACME_PW: _unset, ...rest } = secrets;
    const result = await jakamoSo({ JAKAMO_SO_CONFIG: configFile, ...rest }, 'config', 'check');
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(
        `JAKAMO_SO_CONFIG \\(${configFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\): integrations\\[0\\]\\.password: the environment variable JAKAMO_ACME_PW is not set`,
      ),
    );
    assert.equal(result.stdout, '');
  });

  void test('without a file, the environment variables are checked the same way', async () => {
    const ok = await jakamoSo({}, 'config', 'check');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /embedded sandbox/);
    const bad = await jakamoSo({ JAKAMO_POLL_INTERVAL: 'often' }, 'config', 'check');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /JAKAMO_POLL_INTERVAL: "often" is not a duration/);
  });
});
