import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JakamoMessageRef, OrderState } from '../../workflows/definitions';
import { confirmAsRequested, decideIncoming, requestedLines } from '../../workflows/order-rules';

const message = (overrides: Partial<JakamoMessageRef> = {}): JakamoMessageRef => ({
  integration: 'demo',
  sha256: 'a'.repeat(64),
  kind: 'Order',
  orderNumber: 'PO-1',
  buyerPartyId: 'ACME-FI',
  jakamoOrderNumber: 'JKM-1',
  confirmUrl: 'http://127.0.0.1/confirm',
  sequenceNumber: undefined,
  receivedAt: '2026-11-27T00:00:00.000Z',
  ...overrides,
});

const freshOrder = (): OrderState => ({
  orderKey: 'order:demo:ACME-FI:PO-1',
  integration: 'demo',
  buyerPartyId: 'ACME-FI',
  orderNumber: 'PO-1',
  jakamoOrderNumber: undefined,
  confirmUrl: undefined,
  confirmationPolicy: 'auto',
  status: 'Received',
  lines: [],
  documents: [],
  history: [],
  attention: undefined,
  erpImport: undefined,
  confirmedAt: undefined,
});

void describe('order rules', () => {
  void test('the first Order of a received order is imported', () => {
    assert.deepEqual(decideIncoming(freshOrder(), message()), { action: 'import' });
  });

  void test('the same message delivered again is a duplicate', () => {
    const state = freshOrder();
    state.documents.push({ sha256: message().sha256, kind: 'Order', receivedAt: '', outcome: 'imported' });
    state.status = 'Confirmed';
    assert.deepEqual(decideIncoming(state, message()), { action: 'duplicate' });
  });

  void test('a different Order for an imported order is held for an operator', () => {
    const state = freshOrder();
    state.erpImport = { created: true, at: '' };
    state.status = 'Confirmed';
    const decision = decideIncoming(state, message({ sha256: 'b'.repeat(64) }));
    assert.equal(decision.action, 'hold');
  });

  void test('messages this version cannot apply yet are held, not dropped', () => {
    for (const kind of ['OrderChange', 'OrderCancellation', 'StatusMessage'] as const) {
      const decision = decideIncoming(freshOrder(), message({ kind, sha256: kind }));
      assert.equal(decision.action, 'hold');
      assert.match(decision.action === 'hold' ? decision.note : '', new RegExp(kind));
    }
  });

  void test('a simple confirmation confirms open lines exactly as requested', () => {
    const lines = requestedLines([
      {
        lineId: '1',
        itemName: 'Screw',
        quantity: '100.00',
        unitCode: 'PCS',
        price: '1.20',
        currency: 'EUR',
        deliveryDate: '2026-12-01',
        status: 'Open',
      },
      {
        lineId: '2',
        itemName: 'Nut',
        quantity: '5',
        unitCode: 'PCS',
        price: '0.10',
        currency: 'EUR',
        deliveryDate: undefined,
        status: 'Cancelled',
      },
    ]);
    const confirmed = confirmAsRequested(lines);
    assert.deepEqual(confirmed[0].confirmed, confirmed[0].requested);
    assert.equal(confirmed[0].status, 'Confirmed');
    assert.equal(confirmed[1].confirmed, undefined, 'a cancelled line stays unconfirmed');
    assert.equal(confirmed[1].status, 'Cancelled');
  });
});
