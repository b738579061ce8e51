import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { migrateToLatest, openDatabase, type ConnectorDatabase } from '../../db/database';
import { orderPath, startApiUnderTest, type ApiUnderTest } from './api-client';

/**
 * Temporal cannot be reached (nothing listens), or accepts connections and never answers: the
 * API answers 503 with Retry-After within its deadline, never hangs or 500s. The client has no
 * gRPC retries here, so nothing it started outlives the test.
 */

let dir: string;
let db: ConnectorDatabase;
let silent: net.Server;
const silentSockets = new Set<net.Socket>();
const connections: Connection[] = [];
let refused: ApiUnderTest;
let unanswered: ApiUnderTest;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function clientOf(port: number): Client {
  const connection = Connection.lazy({ address: `127.0.0.1:${port}`, interceptors: [] });
  connections.push(connection);
  return new Client({ connection, namespace: 'default' });
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-api-down-'));
  db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'connector.sqlite') });
  await migrateToLatest(db);
  // Takes connections and says nothing: every call runs into its deadline.
  silent = net.createServer((socket) => silentSockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const options = { db, integration: 'down', temporalTimeoutMs: 1500 };
  refused = await startApiUnderTest({ ...options, client: clientOf(await closedPort()) });
  unanswered = await startApiUnderTest({
    ...options,
    client: clientOf((silent.address() as net.AddressInfo).port),
  });
});
after(async () => {
  await refused?.api.close();
  await unanswered?.api.close();
  for (const connection of connections) await connection.close();
  for (const socket of silentSockets) socket.destroy();
  await new Promise((resolve) => (silent === undefined ? resolve(undefined) : silent.close(resolve)));
  await db?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

void describe('ERP API while Temporal is unreachable', () => {
  for (const [what, api] of [
    ['nothing listens', () => refused],
    ['it never answers', () => unanswered],
  ] as const) {
    void test(`every call that needs Temporal is a 503 with Retry-After when ${what}`, async () => {
      const calls: [string, string, unknown?][] = [
        ['GET', '/orders'],
        ['GET', orderPath('JKM-000001')],
        ['GET', orderPath('order:down:ACME:PO-1')],
        ['POST', orderPath('order:down:ACME:PO-1', '/confirm'), { lines: [{ lineId: '1', quantity: '2' }] }],
        ['POST', orderPath('JKM-000001', '/deliver'), {}],
        ['POST', orderPath('order:down:ACME:PO-1', '/retry'), {}],
        ['POST', orderPath('order:down:ACME:PO-1', '/resolve'), {}],
        ['GET', orderPath('JKM-000001', '/documents')],
      ];
      for (const [method, url, body] of calls) {
        // A liveness bound, far above the API's own deadline: an API that hangs fails here.
        const answer = await api().call(method, url, { body, signal: AbortSignal.timeout(90_000) });
        assert.equal(answer.status, 503, `${method} ${url}: ${answer.text}`);
        assert.equal(answer.headers.get('retry-after'), '5');
        assert.equal((answer.json as { error: string }).error, 'temporal_unavailable');
        assert.match((answer.json as { message: string }).message, /Temporal did not answer/);
      }
    });
  }

  void test('GET /health is 503 naming Temporal and the intake; the database is up', async () => {
    const answer = await refused.call('GET', '/health');
    assert.equal(answer.status, 503, answer.text);
    assert.equal(answer.headers.get('retry-after'), '5');
    const health = answer.json as { status: string; down: string[]; checks: Record<string, { ok: boolean }> };
    assert.equal(health.status, 'unavailable');
    assert.deepEqual(health.down, ['temporal', 'intake']);
    assert.equal(health.checks.database.ok, true);
  });

  void test('what needs only the database still answers: documents by order key, and the description', async () => {
    const documents = await refused.call('GET', orderPath('order:down:ACME:PO-1', '/documents'));
    assert.equal(documents.status, 404, documents.text);
    assert.equal((await unanswered.call('GET', '/openapi.json', { token: null })).status, 200);
  });
});
