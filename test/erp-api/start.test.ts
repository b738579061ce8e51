import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { spawnQuickStart } from '../support/cli';
import { eventually } from '../support/temporal';

/** `npm start` runs the ERP API too, with a token of its own: shown once, kept in the data folder, reused. */

interface Started {
  output: () => string;
  apiUrl: string;
  stop(): Promise<number | null>;
}

/** A quick start on `dataDir` with no token configured; stopped after the test `t` if the test has not. */
async function start(t: TestContext, dataDir: string): Promise<Started> {
  const { child, output, exited, stopAll } = spawnQuickStart(t, dataDir, ['--no-generate'], {});
  try {
    const apiUrl = await eventually(
      'the ERP API line',
      () => {
        if (child.exitCode !== null) throw new Error(`jakamo-so start exited:\n${output()}`);
        return Promise.resolve(/ERP API: +(http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1]);
      },
      { timeoutMs: 300_000 },
    );
    return {
      output,
      apiUrl,
      async stop() {
        child.kill('SIGINT');
        return exited;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

const health = (url: string, token?: string) =>
  fetch(`${url}/health`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

void describe('jakamo-so start runs the ERP API', () => {
  void test(
    'a token of its own: printed once, kept with mode 0600, reused by the next start; the API answers with it only',
    { timeout: 600_000 },
    async (t) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-start-api-'));
      try {
        const first = await start(t, dataDir);
        let token: string;
        try {
          const shown = /API token: +(\S+) +\(new: shown once, kept in (.+)\)/.exec(first.output());
          assert.ok(shown, first.output());
          token = shown[1];
          assert.equal(shown[2], path.join(dataDir, 'erp-api-token'));
          assert.equal(fs.readFileSync(shown[2], 'utf8').trim(), token);
          assert.equal(fs.statSync(shown[2]).mode & 0o777, 0o600);
          await eventually('a healthy pipeline', async () =>
            (await health(first.apiUrl, token)).status === 200 ? true : undefined,
          );
          const without = await health(first.apiUrl);
          assert.equal(without.status, 401);
          assert.match(without.headers.get('www-authenticate') ?? '', /^Bearer/);
        } finally {
          assert.equal(await first.stop(), 0, first.output());
        }

        const second = await start(t, dataDir);
        try {
          assert.match(second.output(), /API token: +kept in .*erp-api-token/);
          assert.ok(!second.output().includes(token), 'the token is shown only when it is made');
          assert.equal((await health(second.apiUrl, token)).status === 401, false);
        } finally {
          assert.equal(await second.stop(), 0, second.output());
        }
        const log = fs.readFileSync(path.join(dataDir, 'jakamo-so.log'), 'utf8');
        assert.match(log, /"component":"erp-api"/);
        assert.ok(!log.includes(token), 'the token never reaches the log');
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
