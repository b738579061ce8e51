import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/** Where the recorded order histories live; `test/replay/order-replay.test.ts` replays each. */
export const historiesDir = path.resolve(__dirname, '..', 'replay', 'histories');

/**
 * With RECORD_REPLAY_HISTORIES=1 (see docs/testing.md), saves the workflow's history under
 * test/replay/histories/<name>.json, so that a later change to the workflow code that would not
 * replay it fails `npm test`. Otherwise does nothing.
 */
export async function recordHistoryForReplay(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_REPLAY_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  fs.mkdirSync(historiesDir, { recursive: true });
  fs.writeFileSync(path.join(historiesDir, `${name}.json`), `${historyToJSON(history)}\n`);
}
