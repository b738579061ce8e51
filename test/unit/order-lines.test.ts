import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decimal } from '../../domain/decimal';
import { isLineCancelled } from '../../ubl/line-cancellation';
import { isCancelledInMessage, isIsoDate, sameDecimal, sameTerms } from '../../workflows/order/lines';

const terms = (quantity: string, price: string, deliveryDate = '2026-12-01') => ({
  quantity,
  unitCode: 'EA',
  price,
  currency: 'EUR',
  deliveryDate,
});

void describe('order line rules (exact decimals)', () => {
  void test('decimals compare by value, with every form xsd:decimal allows ("+5", "5.", ".50", "007")', () => {
    assert.ok(sameDecimal('10', '10.00'));
    assert.ok(sameDecimal('+5', '5'));
    assert.ok(sameDecimal('5.', '5'));
    assert.ok(sameDecimal('.50', '0.5'));
    assert.ok(sameDecimal('007', '7'));
    assert.ok(!sameDecimal('0.1', '0.10000000000000001'), 'no binary floating point');
    assert.ok(sameDecimal(undefined, undefined));
    assert.ok(!sameDecimal('1', undefined));
    assert.equal(decimal('+2.50').toFixed(), '2.5');
  });

  void test('terms are the same when quantity, price and date are', () => {
    assert.ok(sameTerms(terms('10', '12.5'), terms('10.000', '12.50')));
    assert.ok(!sameTerms(terms('10', '12.5'), terms('10', '12.51')));
    assert.ok(!sameTerms(terms('10', '12.5'), terms('10', '12.5', '2026-12-02')));
  });

  void test('a line is cancelled by quantity 0 (any form), LineStatusCode Cancelled or code 2', () => {
    const line = (quantity: string | undefined, lineStatusCode: string | undefined) => ({
      lineId: '1',
      itemName: undefined,
      quantity,
      unitCode: undefined,
      price: undefined,
      currency: undefined,
      deliveryDate: undefined,
      lineStatusCode,
    });
    for (const [quantity, code, cancelled] of [
      ['0', undefined, true],
      ['0.000', undefined, true],
      ['+0', undefined, true],
      ['5', 'Cancelled', true],
      ['5', 'cancelled', true],
      ['5', '2', true],
      ['5', '3', false],
      ['5', undefined, false],
    ] as const) {
      assert.equal(isCancelledInMessage(line(quantity, code)), cancelled, `${quantity} / ${code}`);
      assert.equal(
        isLineCancelled({ quantity: { value: quantity }, lineStatusCode: code }),
        cancelled,
        `codec: ${quantity} / ${code}`,
      );
    }
  });

  void test('dates are real calendar dates YYYY-MM-DD', () => {
    assert.ok(isIsoDate('2028-02-29'));
    assert.ok(!isIsoDate('2026-02-29'));
    assert.ok(!isIsoDate('2026-13-01'));
    assert.ok(!isIsoDate('1.12.2026'));
  });
});
