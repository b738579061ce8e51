import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import {
  ApiTokens,
  bearerToken,
  embeddedToken,
  ErpApiTokensMissing,
  loadApiTokens,
} from '../../client/erp-api/auth';
import { createErpApi } from '../../client/erp-api/server';
import { loadSettings } from '../../config/settings';
import { migrateToLatest, openDatabase } from '../../db/database';
import { projectRoot } from '../../config/project-root';
import { childEnvironment } from '../support/child-environment';
import { newToken } from './api-client';

/** Bearer tokens: where they come from, how they are compared, and that they never reach a log. */

void describe('ERP API tokens', () => {
  void test('a token is accepted only exactly; the header must say Bearer', () => {
    const [one, two] = [newToken(), newToken()];
    const tokens = new ApiTokens([one, two]);
    assert.equal(tokens.accepts(one), true);
    assert.equal(tokens.accepts(two), true);
    assert.equal(tokens.accepts(one.slice(0, -1)), false);
    assert.equal(tokens.accepts(`${one}x`), false);
    assert.equal(tokens.accepts(''), false);
    assert.equal(bearerToken(`Bearer ${one}`), one);
    assert.equal(bearerToken(`bearer  ${one} `), one);
    assert.equal(bearerToken(`Basic ${one}`), undefined);
    assert.equal(bearerToken(`Bearer ${one} extra`), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });

  void test('settings: ERP_API_TOKENS and ERP_API_TOKENS_FILE together; none configured names both settings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-tokens-'));
    try {
      const file = path.join(dir, 'tokens');
      const [a, b, c] = [newToken(), newToken(), newToken()];
      fs.writeFileSync(file, `# the ERP\n${b}\n\n  ${c}  \n`);
      const settings = loadSettings({ ERP_API_TOKENS: ` ${a} ,`, ERP_API_TOKENS_FILE: file });
      assert.deepEqual(settings.erpApi.tokens, [a]);
      assert.equal(settings.erpApi.port, 8091);
      assert.equal(settings.erpApi.host, '127.0.0.1');
      const tokens = loadApiTokens(settings.erpApi);
      assert.equal(tokens.count, 3);
      assert.ok([a, b, c].every((token) => tokens.accepts(token)));

      assert.throws(
        () => loadApiTokens(loadSettings({}).erpApi),
        (error: Error) => {
          assert.ok(error instanceof ErpApiTokensMissing);
          assert.match(error.message, /ERP_API_TOKENS\b/);
          assert.match(error.message, /ERP_API_TOKENS_FILE/);
          return true;
        },
      );
      assert.throws(
        () => loadApiTokens(loadSettings({ ERP_API_TOKENS: 'short' }).erpApi),
        /shorter than 16 characters/,
      );
      assert.throws(
        () => loadApiTokens(loadSettings({ ERP_API_TOKENS_FILE: path.join(dir, 'missing') }).erpApi),
        /ERP_API_TOKENS_FILE=.*missing cannot be read \(ENOENT\)/,
      );
      assert.throws(() => loadSettings({ ERP_API_PORT: '70000' }), /ERP_API_PORT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  void test("npm start's own token: generated once, kept readable by the owner only, reused", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-token-'));
    try {
      const first = embeddedToken(path.join(dir, 'data'));
      assert.equal(first.created, true);
      assert.ok(first.token.length >= 32);
      assert.equal(fs.statSync(first.file).mode & 0o777, 0o600);
      const again = embeddedToken(path.join(dir, 'data'));
      assert.deepEqual(again, { ...first, created: false });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  void test('`jakamo-so api` without a token refuses to start and names the settings', async () => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'jakamo-so.cjs'), 'api'], {
      env: childEnvironment({ LOG_LEVEL: 'silent', ERP_API_PORT: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1, stderr);
    assert.match(stderr, /set ERP_API_TOKENS \(comma-separated\) or ERP_API_TOKENS_FILE/);
  });

  void test('request logs never hold the Authorization header or a token', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-api-log-'));
    const db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'connector.sqlite') });
    await migrateToLatest(db);
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    let log = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString();
        done();
      },
    });
    const token = newToken();
    const wrong = newToken();
    const app = createErpApi({
      client: new Client({ connection, namespace: 'default' }),
      db,
      integration: 'logs',
      intakeWorkflowId: 'intake:logs',
      tokens: new ApiTokens([token]),
      logger: pino({ level: 'trace' }, sink),
    });
    try {
      const key = encodeURIComponent('order:logs:ACME:PO-1');
      for (const authorization of [`Bearer ${token}`, `Bearer ${wrong}`, token]) {
        await app.inject({ method: 'GET', url: `/orders/${key}/documents`, headers: { authorization } });
        await app.inject({
          method: 'POST',
          url: `/orders/${key}/confirm`,
          headers: { authorization },
          payload: 'x',
        });
      }
      assert.equal(
        (
          await app.inject({
            method: 'GET',
            url: `/orders/${key}/documents`,
            headers: { authorization: `Bearer ${token}` },
          })
        ).statusCode,
        404,
      );
      assert.match(log, /incoming request/);
      assert.match(log, /"statusCode":401/);
      assert.doesNotMatch(log, new RegExp(token));
      assert.doesNotMatch(log, new RegExp(wrong));
      assert.doesNotMatch(log, /authorization/i);
    } finally {
      await app.close();
      await connection.close();
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
