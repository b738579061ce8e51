import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { BasicAuth } from '../../activities/jakamo/jakamo-auth';
import { JakamoClient } from '../../activities/jakamo/jakamo-client';
import { JakamoApiError, JakamoErrorType } from '../../activities/jakamo/jakamo-errors';

// A tiny stand-in for a misbehaving server: answers with whatever headers the test sets.
let server: http.Server;
let baseUrl: string;
let nextHeaders: Record<string, string> = {};
let nextBody = '';
const authorizations: (string | undefined)[] = [];

before(async () => {
  server = http.createServer((request, response) => {
    authorizations.push(request.headers.authorization);
    response.writeHead(200, { 'content-type': 'application/xml', ...nextHeaders });
    response.end(nextBody);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
});

void describe('Jakamo client', () => {
  void test('credentials never go to a host other than JAKAMO_BASE_URL, even if a header points there', async () => {
    const client = new JakamoClient({ baseUrl, auth: new BasicAuth('user', 'secret'), timeoutMs: 5000 });
    const foreign = baseUrl.replace('127.0.0.1', 'localhost');
    nextHeaders = { 'X-Acknowledge-Uri': `${foreign}/ack/1` };
    nextBody = '<Order/>';
    const message = await client.fetchQueueHead();
    assert.equal(message?.acknowledgeUri, `${foreign}/ack/1`);
    authorizations.length = 0;
    await assert.rejects(client.acknowledgeMessage(message.acknowledgeUri), (error: unknown) => {
      assert.ok(error instanceof JakamoApiError);
      assert.equal(error.type, JakamoErrorType.BadRequest);
      assert.match(error.message, /credentials are only sent there/);
      return true;
    });
    assert.equal(authorizations.length, 0, 'no request reached the other host');
  });

  void test('a 200 that is neither a message nor the empty-queue answer is an unexpected response', async () => {
    const client = new JakamoClient({ baseUrl, auth: new BasicAuth('user', 'secret'), timeoutMs: 5000 });
    nextHeaders = {};
    nextBody = '<html>login page</html>';
    await assert.rejects(client.fetchQueueHead(), (error: unknown) => {
      assert.ok(error instanceof JakamoApiError);
      assert.equal(error.type, JakamoErrorType.UnexpectedResponse);
      return true;
    });
    nextBody = '<status>No more messages available.</status>';
    assert.equal(await client.fetchQueueHead(), undefined);
  });

  void test('the Basic auth header does not show when the object is printed', () => {
    const auth = new BasicAuth('user', 'secret');
    const encoded = Buffer.from('user:secret').toString('base64');
    assert.doesNotMatch(inspect(auth, { showHidden: true, depth: 5 }), new RegExp(encoded));
    assert.doesNotMatch(JSON.stringify({ auth }), new RegExp(encoded));
  });
});
