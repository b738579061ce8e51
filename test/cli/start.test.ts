import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { spawnQuickStart } from '../support/cli';

/**
 * `npm start` is the product's front door: on an empty data folder it must bring up the
 * embedded dev server, sandbox and SQLite, show orders flowing, and stop cleanly on Ctrl-C.
 */
void describe('jakamo-so start (the quick start)', () => {
  void test('on a fresh data folder, demo orders are confirmed and Ctrl-C stops everything', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-start-'));
    const { child, output, exited } = spawnQuickStart(dataDir, [], { DEMO_ORDER_INTERVAL: '300ms' });
    try {
      await new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(
          () => reject(new Error(`no confirmed orders shown; output so far:\n${output()}`)),
          120_000,
        );
        const check = setInterval(() => {
          const confirmed = [...output().matchAll(/confirmed (\d+)/g)].map((match) => Number(match[1]));
          if (confirmed.some((count) => count >= 3)) {
            clearInterval(check);
            clearTimeout(deadline);
            resolve();
          }
        }, 200);
        void exited.then(() => {
          clearInterval(check);
          clearTimeout(deadline);
          reject(new Error(`jakamo-so start exited early:\n${output()}`));
        });
      });
      assert.match(output(), /Web UI: +http:\/\/127\.0\.0\.1:\d+\/namespaces\/default\/workflows/);
      assert.match(
        output(),
        /received \d+ · imported \d+ · confirmed \d+ · quarantined 0 · needs attention 0/,
      );
      child.kill('SIGINT');
      assert.equal(await exited, 0, output());
      assert.match(output(), /Stopped\./);
      assert.ok(fs.existsSync(path.join(dataDir, 'connector.sqlite')), 'SQLite under the data folder');
      assert.ok(
        fs.existsSync(path.join(dataDir, 'temporal.sqlite')),
        'the dev server keeps its state under the data folder',
      );
      const log = fs.readFileSync(path.join(dataDir, 'jakamo-so.log'), 'utf8');
      assert.doesNotMatch(log + output(), /demo-password/, 'credentials are never logged');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
