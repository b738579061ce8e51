import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderDocument, OrderResponseDocument } from '../../domain/documents';
import { buildOrderResponse } from '../../ubl/build-order-response';
import { buildStatusMessage, expectedStatusMessage } from '../../ubl/build-status-message';
import { orderResponseFromOrder } from '../../ubl/order-response-from-order';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import { parseOrderResponse } from '../../ubl/parse-order-response';
import { isLineCancelled } from '../../ubl/line-cancellation';
import { assertUblError, conformance, example, fixture } from './helpers';

const orderExamples: [string, string][] = [
  ['oasis', 'UBL-Order-2.1-Example.xml'],
  ['peppol', 'Order_Example.xml'],
  ['peppol', 'Order_sc1.xml'],
  ['peppol', 'UC1_Order.xml'],
  ['peppol', 'UC2_Order.xml'],
  ['peppol', 'UC3_Order.xml'],
];

const base = { responseId: 'R-1', issueDate: '2026-11-27', sellerContactId: 'erp-user-7' };

const confirmAsRequested = (orderXml: string) => () => {
  const order = parseInboundDocument(orderXml) as OrderDocument;
  const meant = orderResponseFromOrder(order, base);
  assert.equal(meant.responseCode, 'AP');
  assert.deepStrictEqual(parseOrderResponse(buildOrderResponse(meant)), meant);
};

void describe('OrderResponse round trip: built then parsed equals what was meant', () => {
  void it('confirm as requested: basic-order.xml', confirmAsRequested(fixture('basic-order.xml')));

  void it('proposed quantities, prices, delivery dates and notes', () => {
    const order = parseInboundDocument(fixture('basic-order.xml')) as OrderDocument;
    const meant = orderResponseFromOrder(order, {
      ...base,
      issueTime: '10:15:00',
      notes: ['Header note <with> "markup" & ampersand'],
      lines: {
        '1': { quantity: { value: '100', unitCode: 'BX' }, notes: ['only 100 in stock'] },
        '2': {
          price: {
            amount: { value: '2.10', currencyId: 'EUR' },
            baseQuantity: { value: '1', unitCode: 'MTR' },
          },
          promisedDelivery: { endDate: '2026-03-27' },
        },
      },
    });
    assert.equal(meant.responseCode, 'CA');
    assert.deepEqual(meant.lines[0]?.lineAmount, { value: '1250', currencyId: 'EUR' });
    assert.deepEqual(meant.lines[1]?.lineAmount, { value: '31.5', currencyId: 'EUR' });
    const xml = buildOrderResponse(meant);
    assert.match(xml, /<OrderResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2"/);
    assert.match(xml, /<cac:SellerContact>\s*<cbc:ID>erp-user-7<\/cbc:ID>/);
    assert.match(xml, /<cbc:Note>Header note &lt;with&gt; "markup" &amp; ampersand<\/cbc:Note>/);
    assert.match(xml, /<cac:PromisedDeliveryPeriod>\s*<cbc:EndDate>2026-03-27<\/cbc:EndDate>/);
    const parsed: OrderResponseDocument = parseOrderResponse(xml);
    assert.deepStrictEqual(parsed, meant);
    assert.equal(parsed.buyerPartyId, 'FI-BUYER-7');
    assert.equal(parsed.lines[0]?.quantity.value, '100');
    assert.deepEqual(parsed.lines[0]?.notes, ['only 100 in stock']);
  });

  void it('refuses a decimal that is not one', () => {
    const order = parseInboundDocument(fixture('basic-order.xml')) as OrderDocument;
    assertUblError(
      () => orderResponseFromOrder(order, { ...base, lines: { '1': { quantity: { value: '1,5' } } } }),
      'invalid-value',
      /Quantity is "1,5"/,
    );
    const meant = orderResponseFromOrder(order, base);
    const first = meant.lines[0];
    assert.ok(first);
    first.price = { amount: { value: '1e3' } };
    assertUblError(() => buildOrderResponse(meant), 'invalid-value', /PriceAmount is "1e3"/);
  });

  void it('parseOrderResponse is strict about what Jakamo needs on each line', () => {
    // A line answered without a quantity is valid UBL, but Jakamo would refuse it, so the reader does too.
    const withoutQuantity = fixture('basic-order-response.xml').replace(
      '<cbc:Quantity unitCode="BX">100</cbc:Quantity>',
      '',
    );
    assertUblError(
      () => parseOrderResponse(withoutQuantity),
      'missing-element',
      /OrderResponse line 1 \(ID 1\) has no cbc:Quantity: Jakamo answers "LineItem missing Quantity"/,
    );
  });

  void it('parseOrderResponse refuses the Jakamo sample namespace quirk', conformance, () => {
    assertUblError(
      () => parseOrderResponse(example('jakamo', 'OrderResponse_sample_from_jakamo_csharp_client.xml')),
      'wrong-namespace',
      /OrderResponse must be in namespace .*OrderResponse-2/,
    );
  });
});

void describe(
  'OrderResponse round trip on the OASIS and Peppol example orders (conformance)',
  conformance,
  () => {
    for (const [folder, file] of orderExamples) {
      void it(`confirm as requested: ${file}`, () => confirmAsRequested(example(folder, file))());
    }

    void it('the OASIS example answers line 1 without a quantity: the reader refuses it as Jakamo would', () => {
      assertUblError(
        () => parseOrderResponse(example('oasis', 'UBL-OrderResponse-2.1-Example.xml')),
        'missing-element',
        /OrderResponse line 1 \(ID 1\) has no cbc:Quantity/,
      );
    });
  },
);

void describe('StatusMessage round trip', () => {
  void it('Delivered for the whole order', () => {
    const input = { orderNumber: 'PO-1', buyerPartyId: 'C-1' };
    const xml = buildStatusMessage(input);
    assert.match(xml, /<Status>Delivered<\/Status>/);
    assert.deepStrictEqual(parseInboundDocument(xml), expectedStatusMessage(input));
  });

  void it('Delivered for some lines, with a note that needs escaping', () => {
    const input = { orderNumber: 'PO-1', lineIds: ['1', '3'], note: 'Truck <A&B>' };
    const parsed = parseInboundDocument(buildStatusMessage(input));
    assert.deepStrictEqual(parsed, expectedStatusMessage(input));
    assert.deepEqual(parsed.kind === 'StatusMessage' && parsed.lineIds, ['1', '3']);
  });
});

void describe('line cancellation (Jakamo: quantity zero or LineStatusCode Cancelled)', () => {
  void it('recognises both forms, exactly', () => {
    assert.equal(isLineCancelled({ quantity: { value: '0.000' } }), true);
    assert.equal(isLineCancelled({ quantity: { value: '0.001' } }), false);
    assert.equal(isLineCancelled({ quantity: { value: '5' }, lineStatusCode: 'Cancelled' }), true);
    assert.equal(isLineCancelled({ lineStatusCode: '3' }), false);
  });
});
