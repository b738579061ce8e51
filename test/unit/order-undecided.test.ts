import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newOrderState } from '../../workflows/order/decide';
import { undecided } from '../../workflows/order/undecided';
import { erpConfirm, orderMessage, line } from './order-fixtures';

void describe('a decision that throws (a bug) leaves the order waiting for an operator', () => {
  const state = newOrderState(
    {
      orderKey: 'order:demo:ACME-FI:PO-9',
      integration: 'demo',
      buyerPartyId: 'ACME-FI',
      orderNumber: 'PO-9',
      confirmationPolicy: 'auto',
    },
    '2026-11-27T08:00:00.000Z',
  );

  void test('a message is kept as held with the reason, the update refused, nothing queued', () => {
    const message = orderMessage('Order', [line('1', '5')], { sha: 'order-9' });
    const decision = undecided(state, { type: 'jakamoMessage', message }, '2026-11-27T08:01:00.000Z', 'boom');
    assert.equal(decision.state.attention?.errorType, 'DecisionFailed');
    assert.equal(decision.state.attention?.retryable, false);
    assert.match(decision.state.attention?.reason ?? '', /could not decide on jakamoMessage \(boom\)/);
    assert.deepEqual(
      decision.state.documents.map((document) => [document.sha256, document.outcome]),
      [['order-9', 'held']],
    );
    assert.deepEqual(decision.effects, []);
    assert.equal(decision.state.status, state.status);

    const update = undecided(state, erpConfirm({}), '2026-11-27T08:02:00.000Z', 'boom');
    assert.equal(update.answer?.ok, false);
  });
});
