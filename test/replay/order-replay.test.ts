import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/create-worker';
import { historiesDir } from '../support/replay-histories';
import { quietTemporalRuntime } from '../../harness/temporal-runtime';

/**
 * Replays the order histories recorded from the end-to-end runs against today's workflow code:
 * a change that is not deterministic (a new activity before an old one, a removed timer…) fails
 * here instead of breaking the orders running in production. Refresh them as docs/testing.md says.
 */
function readHistory(file: string): temporal.api.history.v1.IHistory {
  return historyFromJSON(JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8')));
}

void describe('recorded order histories replay against the current workflow code', () => {
  const files = fs.existsSync(historiesDir)
    ? fs
        .readdirSync(historiesDir)
        .filter((name) => name.endsWith('.json'))
        .sort()
    : [];

  void test('the recorded histories are there', () => {
    assert.ok(files.length >= 5, `expected recorded histories in ${historiesDir}, found ${files.length}`);
  });

  void test('every recorded history replays without a non-determinism error', async () => {
    quietTemporalRuntime();
    const workflowBundle = await bundleWorkflows();
    const histories = files.map((file) => ({
      workflowId: path.basename(file, '.json'),
      history: readHistory(file),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
      if (result.error !== undefined) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    assert.deepEqual(failures, []);
  });
});
