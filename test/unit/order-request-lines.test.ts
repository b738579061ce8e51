import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  InvalidOrderLines,
  jakamoOrderNumberQuery,
  orderKeyPrefix,
  parseConfirmLines,
  parseDeliverLines,
} from '../../client/orders/order-client';

void describe('--lines JSON of order confirm', () => {
  void test('reads quantity, price and date as exact decimal strings', () => {
    assert.deepEqual(
      parseConfirmLines(
        '[{"lineId":"1","quantity":"8","price":"12.50","deliveryDate":"2026-12-01"},{"lineId":"2"}]',
      ),
      [{ lineId: '1', quantity: '8', price: '12.50', deliveryDate: '2026-12-01' }, { lineId: '2' }],
    );
  });

  void test('whole JSON numbers become strings; line ids may be whole numbers too', () => {
    assert.deepEqual(parseConfirmLines('[{"lineId":3,"quantity":8,"price":12}]'), [
      { lineId: '3', quantity: '8', price: '12' },
    ]);
  });

  void test('a JSON number with a fraction is refused: it may already be rounded', () => {
    assert.throws(
      () => parseConfirmLines('[{"lineId":"1","price":12.5}]'),
      (error: Error) =>
        error instanceof InvalidOrderLines &&
        /--lines\[0\]\.price: 12\.5 is not a whole number; write decimals as strings, e\.g\. "12\.50"/.test(
          error.message,
        ),
    );
    assert.throws(() => parseConfirmLines('[{"lineId":"1","quantity":1e21}]'), /not a whole number/);
    assert.throws(() => parseConfirmLines('[{"lineId":"1","quantity":-1}]'), /-1 is negative/);
  });

  void test('text that is not JSON, not an array or not objects gets the example', () => {
    const example = /--lines must be a JSON array like \[\{"lineId":"1","quantity":"8"\}\]/;
    assert.throws(() => parseConfirmLines('1:8'), example);
    assert.throws(() => parseConfirmLines('{"lineId":"1"}'), example);
    assert.throws(() => parseConfirmLines('["1"]'), /--lines\[0\] must be an object like/);
    assert.throws(() => parseConfirmLines('[]'), /empty array: leave it out/);
  });

  void test('bad values, unknown fields, missing or repeated line ids are named', () => {
    assert.throws(() => parseConfirmLines('[{"lineId":"1","quantity":"8,5"}]'), /"8,5" is not a decimal/);
    assert.throws(() => parseConfirmLines('[{"lineId":"1","quantity":"-2"}]'), /"-2" is not a decimal/);
    assert.throws(
      () => parseConfirmLines('[{"lineId":"1","deliveryDate":"2026-02-30"}]'),
      /--lines\[0\]\.deliveryDate: "2026-02-30" is not a date YYYY-MM-DD/,
    );
    assert.throws(
      () => parseConfirmLines('[{"lineId":"1","qty":"8"}]'),
      /unknown field "qty" \(expected lineId, quantity, price, deliveryDate\)/,
    );
    assert.throws(() => parseConfirmLines('[{"quantity":"8"}]'), /--lines\[0\]\.lineId is missing/);
    assert.throws(() => parseConfirmLines('[{"lineId":"1"},{"lineId":1}]'), /line "1" is given twice/);
  });
});

void describe('--lines JSON of order deliver', () => {
  void test('each line needs its delivered quantity, nothing else', () => {
    assert.deepEqual(parseDeliverLines('[{"lineId":"1","quantity":"2.5"},{"lineId":"2","quantity":4}]'), [
      { lineId: '1', quantity: '2.5' },
      { lineId: '2', quantity: '4' },
    ]);
    assert.throws(() => parseDeliverLines('[{"lineId":"1"}]'), /quantity is missing/);
    assert.throws(
      () => parseDeliverLines('[{"lineId":"1","quantity":"1","price":"2"}]'),
      /unknown field "price"/,
    );
  });
});

void describe('finding an order by Jakamo order number', () => {
  void test('the visibility query names the workflow type, the number and the integration prefix', () => {
    assert.equal(
      jakamoOrderNumberQuery('demo', 'JKM-000012'),
      "WorkflowType = 'orderWorkflow' AND JakamoOrderNumber = 'JKM-000012' AND WorkflowId STARTS_WITH 'order:demo:'",
    );
  });

  void test('quotes cannot end the string early; the prefix is encoded like the order key', () => {
    assert.match(
      jakamoOrderNumberQuery('demo', "JKM-1' OR 'a'='a"),
      /JakamoOrderNumber = 'JKM-1\\' OR \\'a\\'=\\'a'/,
    );
    assert.equal(orderKeyPrefix('my integration'), 'order:my%20integration:');
  });
});
