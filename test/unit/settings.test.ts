import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { SettingsError, loadSettings, parseDuration, workerSizingDefaults } from '../../config/settings';

void describe('settings', () => {
  void test('an empty environment gives the embedded defaults', () => {
    const settings = loadSettings({});
    assert.equal(settings.temporal.address, undefined);
    assert.deepEqual(settings.integrations, [], 'no Jakamo configured: the embedded sandbox');
    assert.deepEqual(settings.database, { kind: 'sqlite', file: path.resolve('.data', 'connector.sqlite') });
    assert.equal(settings.orders.confirmationPolicy, 'auto');
    assert.equal(settings.embeddedSandbox?.pollIntervalMs, 10_000);
    assert.equal(settings.embeddedSandbox?.id, 'demo', 'the embedded sandbox queue');
    assert.equal(settings.selectedIntegration, 'demo');
    const real = loadSettings({
      JAKAMO_BASE_URL: 'https://demo.thejakamo.com',
      JAKAMO_USERNAME: 'u',
      JAKAMO_PASSWORD: 'p',
    });
    assert.equal(real.selectedIntegration, 'default');
    assert.equal(real.integrations[0]?.id, 'default');
    assert.equal(real.embeddedSandbox, undefined);
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
  void test('the worker is bounded by default: a workflow cache of 100, the SDK task slots', () => {
    assert.deepEqual(loadSettings({}).worker, {
      maxCachedWorkflows: 100,
      maxConcurrentWorkflowTasks: 40,
      maxConcurrentActivities: 100,
      maxConcurrentHandOffs: 8,
    });
    assert.deepEqual(loadSettings({}).worker, workerSizingDefaults);
    assert.deepEqual(
      loadSettings({
        WORKER_MAX_CACHED_WORKFLOWS: ' 200 ',
        WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '20',
        WORKER_MAX_CONCURRENT_ACTIVITIES: '50',
        WORKER_MAX_CONCURRENT_HAND_OFFS: '3',
      }).worker,
      {
        maxCachedWorkflows: 200,
        maxConcurrentWorkflowTasks: 20,
        maxConcurrentActivities: 50,
        maxConcurrentHandOffs: 3,
      },
    );
    assert.equal(
      loadSettings({ WORKER_MAX_CACHED_WORKFLOWS: '' }).worker.maxCachedWorkflows,
      100,
      'empty = unset',
    );
    assert.equal(
      loadSettings({ WORKER_MAX_CACHED_WORKFLOWS: '0' }).worker.maxCachedWorkflows,
      0,
      '0 turns the cache off (every task replays its history)',
    );
  });

  void test('worker sizes that are not whole numbers, too small or inconsistent are refused by name', () => {
    for (const [environment, problem] of [
      [
        { WORKER_MAX_CACHED_WORKFLOWS: 'lots' },
        /WORKER_MAX_CACHED_WORKFLOWS: "lots" is not a number of workflows/,
      ],
      [{ WORKER_MAX_CACHED_WORKFLOWS: '-5' }, /WORKER_MAX_CACHED_WORKFLOWS: "-5" is not a number/],
      [{ WORKER_MAX_CACHED_WORKFLOWS: '2.5' }, /WORKER_MAX_CACHED_WORKFLOWS: "2.5" is not a number/],
      [
        { WORKER_MAX_CACHED_WORKFLOWS: '1' },
        /WORKER_MAX_CACHED_WORKFLOWS: "1" is too small: use 0 \(no cache\) or at least 2/,
      ],
      [
        { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' },
        /WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: "1" is not a number of workflow tasks of at least 2/,
      ],
      [
        { WORKER_MAX_CONCURRENT_ACTIVITIES: '0' },
        /WORKER_MAX_CONCURRENT_ACTIVITIES: "0" is not a number of activities of at least 1/,
      ],
      [
        { WORKER_MAX_CACHED_WORKFLOWS: '10', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '40' },
        /WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 40 is more than WORKER_MAX_CACHED_WORKFLOWS \(10\)/,
      ],
    ] as const) {
      assert.throws(
        () => loadSettings(environment),
        (error: unknown) => error instanceof SettingsError && problem.test(error.message),
        JSON.stringify(environment),
      );
    }
    assert.equal(
      loadSettings({ WORKER_MAX_CACHED_WORKFLOWS: '0', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '40' }).worker
        .maxConcurrentWorkflowTasks,
      40,
      'without a cache the task slots are not limited by it',
    );
    assert.equal(
      loadSettings({ WORKER_MAX_CACHED_WORKFLOWS: '10' }).worker.maxConcurrentWorkflowTasks,
      10,
      'a small cache lowers the default task slots with it',
    );
  });
});
