import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  InvalidLineChange,
  parseLineChange,
  parseLineChanges,
  parseLineIds,
} from '../../client/cli/customer-commands';

void describe('--line mini syntax of customer change', () => {
  void test('quantity, price and date of one line', () => {
    assert.deepEqual(parseLineChange('1:qty=8,price=12.50,date=2026-12-01'), {
      lineId: '1',
      quantity: '8',
      price: '12.50',
      deliveryDate: '2026-12-01',
    });
  });

  void test('cancel, a verbatim LineStatusCode, and the fields of a new line', () => {
    assert.deepEqual(parseLineChange('3:cancel'), { lineId: '3', cancel: true });
    assert.deepEqual(parseLineChange('3:status=2'), { lineId: '3', lineStatusCode: '2' });
    assert.deepEqual(parseLineChange(' 2 : qty=0 '), { lineId: '2', quantity: '0' });
    assert.deepEqual(parseLineChange('9:qty=1,price=2,date=2027-01-31,item=Bolt M8,sku=B-8,unit=PCE'), {
      lineId: '9',
      quantity: '1',
      price: '2',
      deliveryDate: '2027-01-31',
      itemName: 'Bolt M8',
      sellersItemId: 'B-8',
      unitCode: 'PCE',
    });
  });

  void test('bad input names the --line and what is wrong with it', () => {
    const cases: [string, RegExp][] = [
      ['1', /--line "1": expected <lineId>:<key>=<value>/],
      [':qty=1', /the line id before ":" is missing/],
      ['1:', /say what changes/],
      ['1:qty=8,,price=1', /an empty item between commas/],
      ['1:qty=8.', /qty=8\. is not a decimal such as 8 or 12\.50/],
      ['1:qty=-1', /qty=-1 is not a decimal/],
      ['1:price=12,50', /an empty item|unknown key "50"/],
      ['1:date=2026-13-01', /date=2026-13-01 is not a date YYYY-MM-DD/],
      [
        '1:colour=red',
        /unknown key "colour" \(expected qty, price, date, status, cancel, item, sku or unit\)/,
      ],
      ['1:qty', /"qty" needs a value/],
      ['1:qty=1,qty=2', /"qty" is given twice/],
      ['1:qty=1,quantity=2', /"quantity" is given twice/],
      ['1:cancel=yes', /"cancel" takes no value/],
      ['1:status=<x>', /status=<x> is not a LineStatusCode/],
    ];
    for (const [spec, expected] of cases) {
      assert.throws(
        () => parseLineChange(spec),
        (error: Error) => error instanceof InvalidLineChange && expected.test(error.message),
        spec,
      );
    }
  });

  void test('a change needs at least one line, each line once', () => {
    assert.throws(() => parseLineChanges([]), /at least one --line/);
    assert.throws(() => parseLineChanges(['1:qty=1', '1:price=2']), /line "1" is given twice/);
    assert.equal(parseLineChanges(['1:qty=1', '2:cancel']).length, 2);
  });
});

void describe('--lines of customer cancel', () => {
  void test('line ids separated by commas', () => {
    assert.deepEqual(parseLineIds('1, 2,3'), ['1', '2', '3']);
    assert.throws(() => parseLineIds('1,,2'), /expected line ids separated by commas/);
    assert.throws(() => parseLineIds('1,1'), /given twice/);
  });
});
