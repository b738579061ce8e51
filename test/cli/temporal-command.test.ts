import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { loadSettings } from '../../config/settings';
import { temporalCliEnvironment } from '../../client/cli/temporal-command';
import { devServerTestbed } from '../support/testbed';
import { devServerAddress } from '../support/temporal';
import { childEnvironment } from '../support/child-environment';
import { runJakamoSo, type CliResult } from '../support/cli';

/** `jakamo-so temporal …`: the bundled Temporal CLI against the configured cluster (the run's dev server). */

const testbed = devServerTestbed();

function jakamoSo(args: string[], environment: Record<string, string> = {}): Promise<CliResult> {
  return runJakamoSo(['temporal', ...args], {
    env: childEnvironment({
      TEMPORAL_ADDRESS: devServerAddress(),
      TEMPORAL_NAMESPACE: 'default',
      LOG_LEVEL: 'silent',
      ...environment,
    }),
  });
}

void describe('jakamo-so temporal', () => {
  void test('runs the Temporal CLI against the configured cluster and namespace', async () => {
    const result = await jakamoSo(['operator', 'namespace', 'describe', '-o', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const described = JSON.parse(result.stdout) as { namespaceInfo: { name: string; state: string } };
    assert.equal(described.namespaceInfo.name, 'default');
  });

  void test('shows a workflow of the cluster, arguments and flags passed as they are', async () => {
    const workflowId = `temporal-command-${randomUUID()}`;
    // No worker takes it: it only has to exist for the Temporal CLI to describe it.
    const handle = await testbed.env.client.workflow.start('notRunByAnyWorker', {
      workflowId,
      taskQueue: `temporal-command-${randomUUID()}`,
    });
    try {
      const result = await jakamoSo(['workflow', 'describe', '--workflow-id', workflowId, '-o', 'json']);
      assert.equal(result.code, 0, result.stderr);
      const described = JSON.parse(result.stdout) as {
        workflowExecutionInfo: { execution: { workflowId: string }; type: { name: string } };
      };
      assert.equal(described.workflowExecutionInfo.execution.workflowId, workflowId);
      assert.equal(described.workflowExecutionInfo.type.name, 'notRunByAnyWorker');
    } finally {
      await handle.terminate('test finished');
    }
  });

  void test("the operator's own --address wins over TEMPORAL_ADDRESS", async () => {
    const result = await jakamoSo(
      ['--address', devServerAddress(), 'operator', 'namespace', 'describe', '-o', 'json'],
      // Nothing listens there: only the flag can make this work.
      { TEMPORAL_ADDRESS: '127.0.0.1:1' },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      (JSON.parse(result.stdout) as { namespaceInfo: { name: string } }).namespaceInfo.name,
      'default',
    );
  });

  void test("the Temporal CLI's exit code and errors are the command's own", async () => {
    const result = await jakamoSo(['operator', 'namespace', 'describe', '-n', `missing-${randomUUID()}`]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /is not found/);
  });

  void test('the connection settings reach the Temporal CLI as its environment, the API key never as a flag', () => {
    const settings = loadSettings({
      TEMPORAL_ADDRESS: 'temporal.example.com:7233',
      TEMPORAL_NAMESPACE: 'orders.a1b2c',
      TEMPORAL_API_KEY: 'secret-key',
    });
    assert.deepEqual(temporalCliEnvironment(settings.temporal), {
      TEMPORAL_ADDRESS: 'temporal.example.com:7233',
      TEMPORAL_NAMESPACE: 'orders.a1b2c',
      TEMPORAL_TLS: 'true',
      TEMPORAL_API_KEY: 'secret-key',
    });
    // Without TEMPORAL_ADDRESS: the embedded dev server of `jakamo-so start`.
    const embedded = loadSettings({ TEMPORAL_DEV_SERVER_PORT: '7299' });
    assert.deepEqual(temporalCliEnvironment(embedded.temporal), {
      TEMPORAL_ADDRESS: '127.0.0.1:7299',
      TEMPORAL_NAMESPACE: 'default',
    });
  });
});
