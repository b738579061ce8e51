import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatOrder } from '../../client/cli/operator-commands';
import { erpConfirm, line, orderKey, orderMessage, OrderRun } from './order-fixtures';

/** `jakamo-so order show`: an attention ends with the command that answers it, from the attention's fields. */

void describe('jakamo-so order show: what to do about an attention', () => {
  void test('a failed step: retry, or resolve when it was done by hand', () => {
    const run = new OrderRun();
    run.message(orderMessage('Order', [line('1', '10')]));
    run.settle();
    run.apply(erpConfirm());
    run.failHead('JakamoMappingMissing', 'No customer mapping found');
    const shown = formatOrder(run.state);
    assert.ok(
      shown.includes(
        `  Then: jakamo-so order retry '${orderKey}'   (or jakamo-so order resolve '${orderKey}' if you did it by hand)`,
      ),
      shown,
    );
  });

  void test('a message held for an operator: resolve, since retrying will not help', () => {
    const run = new OrderRun({ confirmationPolicy: 'auto' });
    run.message(orderMessage('Order', [line('1', '10')]));
    run.settle();
    run.message(orderMessage('Order', [line('1', '11')]));
    const shown = formatOrder(run.state);
    assert.ok(
      shown.includes(`  Then: jakamo-so order resolve '${orderKey}'   (retrying will not help)`),
      shown,
    );
  });
});
