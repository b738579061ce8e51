import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { spawnQuickStart } from '../support/cli';
import { eventually } from '../support/eventually';

/**
 * `npm start` is the product's front door: on an empty data folder it must bring up the
 * embedded dev server, sandbox and SQLite, show orders flowing, and stop cleanly on Ctrl-C.
 */

/** A liveness bound: a start that hangs fails its test, and what it started is stopped after it. */
const hangsAfter = { timeout: 600_000 };
/** The processes of a start are found in /proc. */
const withProc = fs.existsSync('/proc/self/environ') ? {} : { skip: 'needs /proc (Linux)' };

void describe('jakamo-so start (the quick start)', () => {
  void test(
    'on a fresh data folder, demo orders are confirmed and Ctrl-C stops everything',
    hangsAfter,
    async (t) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-start-'));
      const start = spawnQuickStart(t, dataDir, [], { DEMO_ORDER_INTERVAL: '300ms' });
      const { child, output, exited } = start;
      try {
        await eventually(
          'three confirmed orders on the status line',
          () => {
            if (child.exitCode !== null) throw new Error(`jakamo-so start exited early:\n${output()}`);
            const confirmed = [...output().matchAll(/confirmed (\d+)/g)].map((match) => Number(match[1]));
            return Promise.resolve(confirmed.some((count) => count >= 3) ? true : undefined);
          },
          { timeoutMs: 300_000 },
        );
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
        await start.stopAll();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  void test(
    'a start whose test gives up on it leaves no process behind, its dev server included',
    { ...hangsAfter, ...withProc },
    async (t) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-start-killed-'));
      const start = spawnQuickStart(t, dataDir, ['--no-generate'], {});
      try {
        const devServer = await eventually(
          'the dev server of the start',
          () => {
            if (start.child.exitCode !== null) throw new Error(`jakamo-so start exited:\n${start.output()}`);
            return Promise.resolve(start.processes().find((found) => found.command.includes(' start-dev ')));
          },
          { timeoutMs: 300_000 },
        );
        // What a failing test does to the process it started: the dev server is a grandchild of it,
        // in another session, and outlives it.
        start.child.kill('SIGKILL');
        await start.exited;

        await start.stopAll();
        assert.deepEqual(
          start.processes(),
          [],
          `no process of the start is left (its dev server: ${devServer.command})`,
        );
      } finally {
        await start.stopAll();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
