import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConnectorDatabase } from '../../db/database';
import {
  OutboundDocuments,
  responseBodyLimitBytes,
  truncateUtf8,
  type OutboundRequest,
} from '../../db/outbound-documents';
import { onEveryDialect, openMigratedDatabase, type OpenTestDatabase } from '../support/postgres';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));

function request(orderKey: string, effectId: string, extra: Partial<OutboundRequest> = {}): OutboundRequest {
  return {
    orderKey,
    effectId,
    integration: 'demo',
    kind: 'OrderResponse',
    purpose: 'confirm',
    method: 'POST',
    targetUrl: 'http://127.0.0.1:8090/api/salesorder/orderresponse',
    body: '<OrderResponse>1</OrderResponse>',
    ...extra,
  };
}

/** The outbound record's contract, run on every dialect the product supports. */
function outboundContract(name: string, open: OpenTestDatabase) {
  void describe(`outbound documents on ${name}`, () => {
    let db: ConnectorDatabase | undefined;
    let skip: string | undefined;

    before(async () => {
      ({ db, skip } = await openMigratedDatabase(open));
    });
    after(async () => {
      await db?.destroy();
    });

    void test('a request is recorded as sending before it is sent, then answered with its outcome', async (t) => {
      if (!db) return t.skip(skip);
      const outbound = new OutboundDocuments(db);
      const orderKey = 'order:demo:ACME-FI:PO-1';
      assert.equal(await outbound.find(orderKey, 'confirm-1'), undefined);
      const sending = await outbound.recordSending(request(orderKey, 'confirm-1'), at(0));
      assert.deepEqual(sending, {
        orderKey,
        effectId: 'confirm-1',
        integration: 'demo',
        kind: 'OrderResponse',
        purpose: 'confirm',
        method: 'POST',
        targetUrl: 'http://127.0.0.1:8090/api/salesorder/orderresponse',
        body: '<OrderResponse>1</OrderResponse>',
        status: 'sending',
        problems: undefined,
        attempts: 1,
        httpStatus: undefined,
        responseBody: undefined,
        accepted: undefined,
        firstAttemptAt: at(0).toISOString(),
        lastAttemptAt: at(0).toISOString(),
        answeredAt: undefined,
      });
      await outbound.recordAnswer(
        orderKey,
        'confirm-1',
        { httpStatus: 200, responseBody: 'OK', accepted: true },
        at(1),
      );
      assert.deepEqual(await outbound.find(orderKey, 'confirm-1'), {
        ...sending,
        status: 'answered',
        httpStatus: 200,
        responseBody: 'OK',
        accepted: true,
        answeredAt: at(1).toISOString(),
      });
    });

    void test('a retry counts one more attempt and re-writes the request', async (t) => {
      if (!db) return t.skip(skip);
      const outbound = new OutboundDocuments(db);
      const orderKey = 'order:demo:ACME-FI:PO-2';
      await outbound.recordSending(
        request(orderKey, 'confirm-1', { kind: 'SimpleConfirm', body: '' }),
        at(0),
      );
      await outbound.recordAnswer(
        orderKey,
        'confirm-1',
        { httpStatus: 503, responseBody: 'Service Unavailable', accepted: false },
        at(1),
      );
      const retried = await outbound.recordSending(
        request(orderKey, 'confirm-1', {
          kind: 'SimpleConfirm',
          body: 'rebuilt',
          targetUrl: 'http://x/confirm/2',
        }),
        at(2),
      );
      assert.equal(retried.status, 'sending');
      assert.equal(retried.attempts, 2);
      assert.equal(retried.firstAttemptAt, at(0).toISOString());
      assert.equal(retried.lastAttemptAt, at(2).toISOString());
      assert.deepEqual([retried.body, retried.targetUrl], ['rebuilt', 'http://x/confirm/2']);
      assert.deepEqual(
        [retried.httpStatus, retried.accepted],
        [503, false],
        'the previous answer stays visible until the new one is recorded',
      );
      const third = await outbound.recordSending(
        request(orderKey, 'confirm-1', { kind: 'SimpleConfirm' }),
        at(3),
      );
      assert.equal(third.attempts, 3);
    });

    void test('an accepted answer is final: neither a retry nor a late answer downgrades it', async (t) => {
      if (!db) return t.skip(skip);
      const outbound = new OutboundDocuments(db);
      const orderKey = 'order:demo:ACME-FI:PO-3';
      await outbound.recordSending(
        request(orderKey, 'delivered-1', { kind: 'DeliveredStatus', method: 'PUT' }),
        at(0),
      );
      await outbound.recordAnswer(
        orderKey,
        'delivered-1',
        { httpStatus: 204, responseBody: '', accepted: true },
        at(1),
      );
      const accepted = await outbound.find(orderKey, 'delivered-1');
      assert.equal(accepted?.accepted, true);

      const retried = await outbound.recordSending(
        request(orderKey, 'delivered-1', { kind: 'DeliveredStatus', method: 'PUT', body: 'other' }),
        at(5),
      );
      assert.deepEqual(retried, accepted, 'recordSending returns the accepted record unchanged: do not send');
      await outbound.recordAnswer(
        orderKey,
        'delivered-1',
        { httpStatus: 409, responseBody: 'dup', accepted: false },
        at(6),
      );
      await outbound.recordInvalid(request(orderKey, 'delivered-1'), 'late preflight failure', at(7));
      assert.deepEqual(await outbound.find(orderKey, 'delivered-1'), accepted);
    });

    void test('a document that failed validation is recorded with its problems and no attempt', async (t) => {
      if (!db) return t.skip(skip);
      const outbound = new OutboundDocuments(db);
      const orderKey = 'order:demo:ACME-FI:PO-4';
      await outbound.recordInvalid(
        request(orderKey, 'propose-1', { purpose: 'propose' }),
        'LineItem missing Quantity',
        at(0),
      );
      const invalid = await outbound.find(orderKey, 'propose-1');
      assert.equal(invalid?.status, 'invalid');
      assert.equal(invalid?.problems, 'LineItem missing Quantity');
      assert.equal(invalid?.attempts, 0, 'an invalid document is never sent');
      assert.equal(
        invalid?.body,
        '<OrderResponse>1</OrderResponse>',
        'the refused body is kept for the operator',
      );

      await outbound.recordInvalid(request(orderKey, 'propose-1', { body: 'v2' }), 'still wrong', at(1));
      const again = await outbound.find(orderKey, 'propose-1');
      assert.deepEqual([again?.problems, again?.body, again?.attempts], ['still wrong', 'v2', 0]);
      assert.equal(again?.firstAttemptAt, at(0).toISOString());

      // Once fixed, the same effect sends it: the problems are cleared.
      const sending = await outbound.recordSending(request(orderKey, 'propose-1'), at(2));
      assert.deepEqual([sending.status, sending.problems, sending.attempts], ['sending', undefined, 1]);
    });

    void test("an order's requests are listed oldest first", async (t) => {
      if (!db) return t.skip(skip);
      const outbound = new OutboundDocuments(db);
      const orderKey = 'order:demo:ACME-FI:PO-5';
      await outbound.recordSending(request(orderKey, 'b-effect'), at(2));
      await outbound.recordSending(request(orderKey, 'c-effect'), at(1));
      await outbound.recordSending(request(orderKey, 'a-effect'), at(2));
      await outbound.recordSending(request('order:demo:ACME-FI:OTHER', 'z-effect'), at(0));
      await outbound.recordSending(request(orderKey, 'c-effect'), at(9)); // a retry keeps its place
      assert.deepEqual(
        (await outbound.listForOrder(orderKey)).map((record) => record.effectId),
        ['c-effect', 'a-effect', 'b-effect'],
      );
      assert.deepEqual(await outbound.listForOrder('order:demo:ACME-FI:NONE'), []);
    });

    void test('a long answer is kept to 64 KB without splitting a character', async (t) => {
      if (!db) return t.skip(skip);
      const outbound = new OutboundDocuments(db);
      const orderKey = 'order:demo:ACME-FI:PO-6';
      await outbound.recordSending(request(orderKey, 'confirm-1'), at(0));
      const long = 'a' + 'ä'.repeat(responseBodyLimitBytes); // 1 + 2 bytes each: the limit falls inside an ä
      await outbound.recordAnswer(
        orderKey,
        'confirm-1',
        { httpStatus: 500, responseBody: long, accepted: false },
        at(1),
      );
      const body = (await outbound.find(orderKey, 'confirm-1'))?.responseBody ?? '';
      assert.equal(Buffer.byteLength(body, 'utf8'), responseBodyLimitBytes - 1);
      assert.ok(long.startsWith(body));
      assert.equal(truncateUtf8('short', responseBodyLimitBytes), 'short');
    });

    void test('an answer for a request never recorded is a programming error', async (t) => {
      if (!db) return t.skip(skip);
      const outbound = new OutboundDocuments(db);
      await assert.rejects(
        outbound.recordAnswer('order:demo:ACME-FI:PO-7', 'ghost', {
          httpStatus: 200,
          responseBody: '',
          accepted: true,
        }),
        /record it with recordSending before sending it/,
      );
    });
  });
}

onEveryDialect('jakamo-so-outbound-', outboundContract);
