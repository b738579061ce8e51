import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { outboundKinds } from '../../domain/outbound-kind';
import { PipelineFailureType } from '../../domain/failure-types';
import {
  carriesConfirmedLines,
  changesErp,
  effectKinds,
  isConfirmationEffect,
  isErpEffect,
  outlivesOrderCancellation,
} from '../../workflows/order/effect-kinds';
import type { OrderEffect, OrderEffectKind } from '../../workflows/order/effects';
import { finished, headEffect, nextEffect, started, step } from '../../workflows/order/machine';
import {
  effectFailed,
  effectSucceeded,
  erpConfirm,
  jakamoMessage,
  line,
  orderMessage,
  OrderRun,
} from './order-fixtures';

/** An order that waits for the ERP's confirm: two steps (simple confirm, record) queued by it. */
function confirming(): OrderRun {
  const run = new OrderRun({ confirmationPolicy: 'erp' });
  run.message(orderMessage('Order', [line('1', '10'), line('2', '5')]));
  run.settle();
  run.apply(erpConfirm());
  assert.deepEqual(run.kinds(), ['simpleConfirm', 'recordConfirmation']);
  return run;
}

void describe('the order machine (workflows/order/machine.ts)', () => {
  void test('step decides one event; a decision that throws leaves the order waiting for an operator', () => {
    const run = new OrderRun();
    const decided = step(run.state, jakamoMessage(orderMessage('Order', [line('1', '10')])), run.tick());
    assert.equal(decided.error, undefined);
    assert.deepEqual(
      decided.effects.map((effect) => effect.kind),
      ['importSalesOrder'],
    );

    // An Order without lines is not a document the codec would hand over: decide throws on it.
    const broken = orderMessage('Order', [line('1', '10')]);
    const content = { ...broken.content, lines: undefined } as unknown as typeof broken.content;
    const failed = step(run.state, jakamoMessage({ ...broken, content }), run.tick());
    assert.ok(failed.error !== undefined, 'the error is reported');
    assert.equal(failed.state.attention?.errorType, PipelineFailureType.DecisionFailed);
    assert.equal(
      failed.state.attention?.command,
      `jakamo-so order resolve '${run.state.orderKey}'`,
      'a message has no step to retry: it is resolved once handled',
    );
    assert.deepEqual(failed.effects, []);
    assert.equal(failed.state.documents.at(-1)?.outcome, 'held', 'the message is kept, not lost');
  });

  void test('nextEffect: the first pending step, none while one runs or a failed step waits for an operator', () => {
    const run = confirming();
    const [confirm, record] = run.state.pendingEffects as [OrderEffect, OrderEffect];
    assert.equal(nextEffect(run.state)?.id, confirm.id);

    const running = started(run.state, confirm);
    assert.equal(running.runningEffectId, confirm.id);
    assert.equal(nextEffect(running), undefined, 'one step at a time');
    assert.equal(headEffect(running)?.id, confirm.id, 'the running step is still the head');

    const failed = finished(running, effectFailed(confirm), run.tick());
    assert.equal(failed.state.runningEffectId, undefined);
    assert.equal(failed.state.attention?.effectId, confirm.id);
    assert.equal(nextEffect(failed.state), undefined, 'a failed step blocks the steps after it');
    assert.equal(headEffect(failed.state), undefined);

    const done = finished(started(run.state, confirm), effectSucceeded(confirm), run.tick());
    assert.equal(done.state.runningEffectId, undefined);
    assert.equal(nextEffect(done.state)?.id, record.id);
  });

  void test('a message held for an operator does not block the steps', () => {
    const run = new OrderRun({ confirmationPolicy: 'auto' });
    run.message(orderMessage('Order', [line('1', '10')]));
    run.message(orderMessage('Order', [line('1', '11')])); // a second, different Order: held
    assert.equal(run.state.attention?.stepKind, 'message');
    assert.equal(nextEffect(run.state)?.kind, 'importSalesOrder');
  });

  void test('finished keeps the running mark of another step (an outcome that is not the running one)', () => {
    const run = confirming();
    const [confirm, record] = run.state.pendingEffects as [OrderEffect, OrderEffect];
    const after = finished(started(run.state, record), effectSucceeded(confirm), run.tick());
    assert.equal(after.state.runningEffectId, record.id);
  });
});

void describe('the table of effect kinds (workflows/order/effect-kinds.ts)', () => {
  const kinds = Object.keys(effectKinds) as OrderEffectKind[];
  const effect = (kind: OrderEffectKind) => ({ kind, id: `e1-${kind}`, lines: [] }) as unknown as OrderEffect;
  const which = (predicate: (effect: OrderEffect) => boolean) =>
    kinds.filter((kind) => predicate(effect(kind))).sort();

  void test('ERP steps and Jakamo requests', () => {
    assert.deepEqual(which(isErpEffect), [
      'applyOrderChange',
      'cancelSalesOrderLines',
      'importSalesOrder',
      'recordConfirmation',
      'recordDelivery',
    ]);
    assert.deepEqual(
      kinds
        .filter((kind) => effectKinds[kind].target === 'jakamo')
        .map((kind) => effectKinds[kind].outbound)
        .sort(),
      [...outboundKinds].sort(),
      'each request to Jakamo has its own outbound kind, and only they have one',
    );
    assert.ok(
      kinds.every(
        (kind) => (effectKinds[kind].target === 'erp') === (effectKinds[kind].outbound === undefined),
      ),
    );
  });

  void test('what a confirmation waits for, what a newer one replaces, what a cancellation keeps', () => {
    assert.deepEqual(which(changesErp), ['applyOrderChange', 'cancelSalesOrderLines', 'importSalesOrder']);
    assert.deepEqual(which(isConfirmationEffect), [
      'postOrderResponse',
      'recordConfirmation',
      'simpleConfirm',
    ]);
    assert.deepEqual(which(carriesConfirmedLines), ['postOrderResponse', 'recordConfirmation']);
    assert.deepEqual(which(outlivesOrderCancellation), [
      'applyOrderChange',
      'importSalesOrder',
      'recordDelivery',
    ]);
  });
});
