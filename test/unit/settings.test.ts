import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { SettingsError, loadSettings, parseDuration } from '../../config/settings';

void describe('settings', () => {
  void test('an empty environment gives the embedded defaults', () => {
    const settings = loadSettings({});
    assert.equal(settings.temporal.address, undefined);
    assert.equal(settings.jakamo.baseUrl, undefined);
    assert.deepEqual(settings.database, { kind: 'sqlite', file: path.resolve('.data', 'connector.sqlite') });
    assert.equal(settings.orders.confirmationPolicy, 'auto');
    assert.equal(settings.jakamo.pollIntervalMs, 10_000);
    assert.equal(settings.jakamo.integration, 'demo', 'the embedded sandbox queue');
    const real = loadSettings({
      JAKAMO_BASE_URL: 'https://demo.thejakamo.com',
      JAKAMO_USERNAME: 'u',
      JAKAMO_PASSWORD: 'p',
    });
    assert.equal(real.jakamo.integration, 'default');
  });

  void test('DATABASE_URL with postgres:// selects PostgreSQL', () => {
    assert.deepEqual(loadSettings({ DATABASE_URL: 'postgres://u:p@127.0.0.1/db' }).database, {
      kind: 'postgres',
      url: 'postgres://u:p@127.0.0.1/db',
    });
  });

  void test('durations accept units', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('10s'), 10_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('250'), 250);
    assert.throws(() => parseDuration('soon'), /is not a duration/);
  });

  void test('bad values are reported together, by name, with what is expected', () => {
    assert.throws(
      () =>
        loadSettings({ JAKAMO_POLL_INTERVAL: 'often', CONFIRMATION_POLICY: 'maybe', SANDBOX_PORT: '99999' }),
      (error: unknown) =>
        error instanceof SettingsError &&
        /JAKAMO_POLL_INTERVAL: "often" is not a duration/.test(error.message) &&
        /CONFIRMATION_POLICY/.test(error.message) &&
        /SANDBOX_PORT/.test(error.message),
    );
  });

  void test('a Jakamo URL without credentials is refused, and the password is not echoed', () => {
    assert.throws(
      () => loadSettings({ JAKAMO_BASE_URL: 'https://demo.thejakamo.com', JAKAMO_PASSWORD: 's3cret' }),
      (error: unknown) => {
        assert.ok(error instanceof SettingsError);
        assert.match(error.message, /JAKAMO_USERNAME and JAKAMO_PASSWORD are needed/);
        assert.doesNotMatch(error.message, /s3cret/);
        return true;
      },
    );
  });

  void test('the metrics endpoint is off unless METRICS_ADDRESS names an IP address and port', () => {
    assert.deepEqual(loadSettings({}).metrics, { address: undefined, refreshIntervalMs: 15_000 });
    assert.equal(loadSettings({ METRICS_ADDRESS: 'off' }).metrics.address, undefined);
    assert.equal(loadSettings({ METRICS_ADDRESS: ' 127.0.0.1:9464 ' }).metrics.address, '127.0.0.1:9464');
    assert.equal(loadSettings({ METRICS_ADDRESS: '0.0.0.0:9464' }).metrics.address, '0.0.0.0:9464');
    assert.equal(loadSettings({ METRICS_ADDRESS: '[::1]:9464' }).metrics.address, '[::1]:9464');
    assert.equal(loadSettings({ METRICS_REFRESH_INTERVAL: '5s' }).metrics.refreshIntervalMs, 5000);
    for (const [value, problem] of [
      [
        'localhost:9464',
        /METRICS_ADDRESS: "localhost:9464" is not an IP address and port: use for example 127.0.0.1:9464/,
      ],
      ['9464', /METRICS_ADDRESS: "9464" is not an IP address and port/],
      ['127.0.0.1', /is not an IP address and port/],
      ['127.0.0.1:0', /METRICS_ADDRESS: "127.0.0.1:0": the port must be between 1 and 65535/],
      ['127.0.0.1:70000', /the port must be between 1 and 65535/],
    ] as const) {
      assert.throws(
        () => loadSettings({ METRICS_ADDRESS: value }),
        (error: unknown) => error instanceof SettingsError && problem.test(error.message),
        value,
      );
    }
    assert.throws(
      () => loadSettings({ METRICS_REFRESH_INTERVAL: '100ms' }),
      /METRICS_REFRESH_INTERVAL must be at least 1s/,
    );
  });
});
