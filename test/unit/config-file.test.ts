import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { effectiveConfiguration, formatEffectiveConfiguration } from '../../config/effective-config';
import { SettingsError, loadSettings } from '../../config/settings';
import { orderDefaults } from '../../config/customer-terms';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-config-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Writes a configuration file and returns the environment that points at it. */
function withConfig(config: unknown, environment: Record<string, string> = {}): NodeJS.ProcessEnv {
  const file = path.join(dir, `config-${++files}.json`);
  fs.writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  return { JAKAMO_SO_CONFIG: file, ...environment };
}

const passwordFile = path.join(dir, 'nordic-password');
fs.writeFileSync(passwordFile, 'nordic-file-secret\n');

const twoIntegrations = {
  integrations: [
    {
      id: 'acme-eu',
      baseUrl: 'https://demo.thejakamo.com',
      username: { env: 'JAKAMO_ACME_USER' },
      password: { env: 'JAKAMO_ACME_PW' },
      pollInterval: '5s',
      customers: { 'ACME-FI': { responseStyle: 'simple' } },
    },
    {
      id: 'nordic',
      baseUrl: 'https://www.thejakamo.com',
      username: 'nordic-supplier',
      password: { file: passwordFile },
      httpTimeout: '10s',
    },
  ],
  customers: {
    'ACME-FI': { confirmationPolicy: 'erp', responseStyle: 'order-response', sellerContactId: 'SELLER-7' },
  },
  defaults: { confirmationPolicy: 'auto', sellerContactId: 'SELLER-1', quietPeriod: '2d' },
  erpApi: { tokens: { env: 'ERP_TOKENS_REF' } },
};
const secrets = {
  JAKAMO_ACME_USER: 'acme-user',
  JAKAMO_ACME_PW: 'acme-env-secret',
  ERP_TOKENS_REF: 'token-aaaaaaaaaaaaaaaa,token-bbbbbbbbbbbbbbbb',
};

/** Asserts that loading fails with a message naming the key, and returns the message. */
function refused(environment: NodeJS.ProcessEnv, key: string, pattern: RegExp): string {
  let message = '';
  assert.throws(
    () => loadSettings(environment),
    (error: unknown) => {
      assert.ok(error instanceof SettingsError, String(error));
      message = error.message;
      return true;
    },
  );
  const line = message.split('\n').find((text) => text.includes(`): ${key}: `));
  assert.ok(line, `no problem named ${key} in:\n${message}`);
  assert.match(line, pattern);
  assert.match(line, /^ {2}JAKAMO_SO_CONFIG \(.+\): /, 'the file is named');
  return message;
}

void describe('configuration file (JAKAMO_SO_CONFIG)', () => {
  void test('two integrations are read with their secrets resolved from the environment and from a file', () => {
    const settings = loadSettings(withConfig(twoIntegrations, secrets));
    assert.deepEqual(
      settings.integrations.map((integration) => ({
        id: integration.id,
        baseUrl: integration.baseUrl,
        username: integration.username.reveal(),
        password: integration.password.reveal(),
        poll: integration.pollIntervalMs,
        timeout: integration.httpTimeoutMs,
      })),
      [
        {
          id: 'acme-eu',
          baseUrl: 'https://demo.thejakamo.com',
          username: 'acme-user',
          password: 'acme-env-secret',
          poll: 5000,
          timeout: 30_000,
        },
        {
          id: 'nordic',
          baseUrl: 'https://www.thejakamo.com',
          username: 'nordic-supplier',
          password: 'nordic-file-secret',
          poll: 10_000,
          timeout: 10_000,
        },
      ],
    );
    assert.equal(settings.integrations[1]?.password.source, `file:${passwordFile} (readable)`);
    assert.equal(settings.integrations[0]?.password.source, 'env:JAKAMO_ACME_PW (set)');
    assert.equal(
      JSON.stringify(settings.integrations).includes('secret'),
      false,
      'secrets serialise as their source',
    );
    assert.equal(settings.selectedIntegration, 'acme-eu', 'single-integration commands default to the first');
    assert.equal(settings.orders.defaultSellerContactId, 'SELLER-1');
    assert.equal(settings.orders.quietPeriodMs, 2 * 86_400_000);
    assert.deepEqual(settings.erpApi.tokens, ['token-aaaaaaaaaaaaaaaa', 'token-bbbbbbbbbbbbbbbb']);
    assert.equal(settings.erpApi.tokensSource, 'env:ERP_TOKENS_REF (set)');

    const selected = loadSettings(withConfig(twoIntegrations, { ...secrets, JAKAMO_INTEGRATION: 'nordic' }));
    assert.equal(selected.selectedIntegration, 'nordic');
    assert.equal(
      selected.integrations.find((integration) => integration.id === selected.selectedIntegration)?.baseUrl,
      'https://www.thejakamo.com',
    );
    assert.equal(selected.embeddedSandbox, undefined, 'a configured integration: no embedded sandbox');
  });

  void test('without a file, JAKAMO_BASE_URL is a configuration with one integration', () => {
    const settings = loadSettings({
      JAKAMO_BASE_URL: 'https://demo.thejakamo.com',
      JAKAMO_USERNAME: 'u',
      JAKAMO_PASSWORD: 'p',
      JAKAMO_INTEGRATION: 'acme',
    });
    assert.equal(settings.integrations.length, 1);
    assert.equal(settings.integrations[0]?.id, 'acme');
    assert.equal(settings.integrations[0]?.password.source, 'env:JAKAMO_PASSWORD (set)');
    assert.equal(settings.configFile, undefined);
    assert.deepEqual(loadSettings({}).integrations, [], 'nothing configured: the embedded sandbox');
  });

  void test('customer terms: the integration’s own entry, then the global map, then the defaults', () => {
    const settings = loadSettings(withConfig(twoIntegrations, secrets));
    const defaults = orderDefaults(settings.orders, settings.integrations);
    assert.deepEqual(defaults.forCustomer('nordic', 'ACME-FI'), {
      confirmationPolicy: 'erp',
      responseStyle: 'order-response',
      defaultSellerContactId: 'SELLER-7',
      quietPeriodMs: 2 * 86_400_000,
    });
    assert.deepEqual(defaults.forCustomer('acme-eu', 'ACME-FI'), {
      confirmationPolicy: 'erp',
      responseStyle: 'simple',
      defaultSellerContactId: 'SELLER-7',
      quietPeriodMs: 2 * 86_400_000,
    });
    assert.deepEqual(defaults.forCustomer('acme-eu', 'SOMEONE-ELSE'), {
      confirmationPolicy: 'auto',
      responseStyle: 'simple',
      defaultSellerContactId: 'SELLER-1',
      quietPeriodMs: 2 * 86_400_000,
    });
  });

  void test('an unknown key is refused by name, at any depth', () => {
    const config = structuredClone(twoIntegrations) as Record<string, unknown>;
    config.intergrations = [];
    (config.integrations as Record<string, unknown>[])[1].pollIntervall = '5s';
    const environment = withConfig(config, secrets);
    refused(environment, 'intergrations', /unknown key/);
    refused(environment, 'integrations[1].pollIntervall', /unknown key/);
  });

  void test('an inline secret is refused and not echoed', () => {
    const config = structuredClone(twoIntegrations);
    (config.integrations[1] as Record<string, unknown>).password = 'hunter2-inline';
    const message = refused(
      withConfig(config, secrets),
      'integrations[1].password',
      /a secret is never written inline: give a reference, \{ "env": "VARIABLE_NAME" \} or \{ "file": "\/path\/to\/secret" \}/,
    );
    assert.doesNotMatch(message, /hunter2/);
  });

  void test('a secret reference to an unset environment variable names the variable', () => {
    const { JAKAMO_ACME_PW: _unset, ...rest } = secrets;
    refused(
      withConfig(twoIntegrations, rest),
      'integrations[0].password',
      /the environment variable JAKAMO_ACME_PW is not set/,
    );
  });

  void test('a secret reference to an unreadable file names the file', () => {
    const config = structuredClone(twoIntegrations);
    config.integrations[1].password = { file: path.join(dir, 'no-such-secret') };
    refused(
      withConfig(config, secrets),
      'integrations[1].password',
      /the file .*no-such-secret cannot be read \(ENOENT\)/,
    );
  });

  void test('a duplicate integration id is refused', () => {
    const config = structuredClone(twoIntegrations);
    config.integrations[1].id = 'acme-eu';
    refused(
      withConfig(config, secrets),
      'integrations[1].id',
      /"acme-eu" is already the id of integrations\[0\]/,
    );
  });

  void test('an integration id outside the JAKAMO_INTEGRATION rule is refused', () => {
    const config = structuredClone(twoIntegrations);
    config.integrations[0].id = 'acme eu';
    refused(withConfig(config, secrets), 'integrations[0].id', /letters, digits/);
  });

  void test('a bad duration is refused with the expected form', () => {
    const config = structuredClone(twoIntegrations);
    config.integrations[0].pollInterval = 'often';
    (config.defaults as Record<string, unknown>).quietPeriod = '3 weeks';
    const environment = withConfig(config, secrets);
    refused(environment, 'integrations[0].pollInterval', /"often" is not a duration: use for example/);
    refused(environment, 'defaults.quietPeriod', /"3 weeks" is not a duration/);
  });

  void test('a bad policy or response style is refused with the allowed values', () => {
    const config = structuredClone(twoIntegrations) as Record<string, unknown>;
    config.customers = { 'ACME-FI': { confirmationPolicy: 'sometimes', responseStyle: 'fax' } };
    const environment = withConfig(config, secrets);
    refused(environment, 'customers.ACME-FI.confirmationPolicy', /"auto"\|"erp"/);
    refused(environment, 'customers.ACME-FI.responseStyle', /"simple"\|"order-response"/);
  });

  void test('no integrations, a bad URL, a file that is not JSON or cannot be read are refused', () => {
    refused(withConfig({ integrations: [] }), 'integrations', /at least one integration/);
    const config = structuredClone(twoIntegrations);
    config.integrations[0].baseUrl = 'demo.thejakamo.com';
    refused(withConfig(config, secrets), 'integrations[0].baseUrl', /must be a URL/);
    assert.throws(
      () => loadSettings(withConfig('{ "integrations": [')),
      /JAKAMO_SO_CONFIG \(.+\): not valid JSON/,
    );
    assert.throws(
      () => loadSettings({ JAKAMO_SO_CONFIG: path.join(dir, 'missing.json') }),
      /JAKAMO_SO_CONFIG \(.+missing\.json\): the file cannot be read \(ENOENT\)/,
    );
  });

  void test('a file and JAKAMO_BASE_URL together, or JAKAMO_INTEGRATION naming none of the file’s, are refused', () => {
    assert.throws(
      () =>
        loadSettings(
          withConfig(twoIntegrations, {
            ...secrets,
            JAKAMO_BASE_URL: 'https://demo.thejakamo.com',
            JAKAMO_USERNAME: 'u',
            JAKAMO_PASSWORD: 'p',
          }),
        ),
      /JAKAMO_BASE_URL is set and so is JAKAMO_SO_CONFIG/,
    );
    assert.throws(
      () => loadSettings(withConfig(twoIntegrations, { ...secrets, JAKAMO_INTEGRATION: 'elsewhere' })),
      /JAKAMO_INTEGRATION=elsewhere is not one of the integrations .*: use one of acme-eu, nordic/,
    );
  });

  void test('the effective configuration shows where secrets come from, never their values', () => {
    const effective = effectiveConfiguration(
      loadSettings(
        withConfig(twoIntegrations, { ...secrets, DATABASE_URL: 'postgres://app:pg-secret@db/app' }),
      ),
    );
    const text = formatEffectiveConfiguration(effective).join('\n');
    const json = JSON.stringify(effective);
    for (const shown of [text, json]) {
      for (const value of ['acme-env-secret', 'nordic-file-secret', 'token-aaaa', 'pg-secret', 'acme-user']) {
        assert.equal(shown.includes(value), false, `${value} is shown`);
      }
    }
    assert.match(text, /password: env:JAKAMO_ACME_PW \(set\)/);
    assert.match(
      text,
      new RegExp(`password: file:${passwordFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(readable\\)`),
    );
    assert.match(text, /username: env:JAKAMO_ACME_USER \(set\)/);
    assert.match(text, /tokens env:ERP_TOKENS_REF \(set\)/);
    assert.match(text, /customer ACME-FI: policy erp · response order-response · seller contact SELLER-7/);
  });
});
