import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderDocument, OrderResponseDocument } from '../../domain/documents';
import { buildOrderResponse } from '../../ubl/build-order-response';
import { buildStatusMessage, expectedStatusMessage } from '../../ubl/build-status-message';
import { orderResponseFromOrder } from '../../ubl/order-response-from-order';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import { parseOrderResponse } from '../../ubl/parse-order-response';
import { isLineCancelled } from '../../ubl/line-cancellation';
import { assertUblError, example } from './helpers';

const orderExamples: [string, string][] = [
  ['oasis', 'UBL-Order-2.1-Example.xml'],
  ['peppol', 'Order_Example.xml'],
  ['peppol', 'Order_sc1.xml'],
  ['peppol', 'UC1_Order.xml'],
  ['peppol', 'UC2_Order.xml'],
  ['peppol', 'UC3_Order.xml'],
];

const base = { responseId: 'R-1', issueDate: '2026-11-27', sellerContactId: 'erp-user-7' };

void describe('OrderResponse round trip: built then parsed equals what was meant', () => {
  for (const [folder, file] of orderExamples) {
    void it(`confirm as requested: ${file}`, () => {
      const order = parseInboundDocument(example(folder, file)) as OrderDocument;
      const meant = orderResponseFromOrder(order, base);
      assert.equal(meant.responseCode, 'AP');
      assert.deepStrictEqual(parseOrderResponse(buildOrderResponse(meant)), meant);
    });
  }

  void it('proposed quantities, prices, delivery dates and notes', () => {
    const order = parseInboundDocument(example('oasis', 'UBL-Order-2.1-Example.xml')) as OrderDocument;
    const meant = orderResponseFromOrder(order, {
      ...base,
      issueTime: '10:15:00',
      notes: ['Header note <with> "markup" & ampersand'],
      lines: {
        '1': { quantity: { value: '100', unitCode: 'LTR' }, notes: ['only 100 in stock'] },
        '2': {
          price: {
            amount: { value: '15.50', currencyId: 'SEK' },
            baseQuantity: { value: '1', unitCode: 'C62' },
          },
          promisedDelivery: { endDate: '2010-03-05' },
        },
      },
    });
    assert.equal(meant.responseCode, 'CA');
    assert.deepEqual(meant.lines[0]?.lineAmount, { value: '5000', currencyId: 'SEK' });
    assert.deepEqual(meant.lines[1]?.lineAmount, { value: '232.5', currencyId: 'SEK' });
    const xml = buildOrderResponse(meant);
    assert.match(xml, /<OrderResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2"/);
    assert.match(xml, /<cac:SellerContact>\s*<cbc:ID>erp-user-7<\/cbc:ID>/);
    assert.match(xml, /<cbc:Note>Header note &lt;with&gt; "markup" &amp; ampersand<\/cbc:Note>/);
    assert.match(xml, /<cac:PromisedDeliveryPeriod>\s*<cbc:EndDate>2010-03-05<\/cbc:EndDate>/);
    const parsed: OrderResponseDocument = parseOrderResponse(xml);
    assert.deepStrictEqual(parsed, meant);
    assert.equal(parsed.buyerPartyId, '7300070011115');
    assert.equal(parsed.lines[0]?.quantity.value, '100');
    assert.deepEqual(parsed.lines[0]?.notes, ['only 100 in stock']);
  });

  void it('refuses a decimal that is not one', () => {
    const order = parseInboundDocument(example('oasis', 'UBL-Order-2.1-Example.xml')) as OrderDocument;
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
    // The OASIS example answers line 1 without a quantity: Jakamo would refuse it, so the reader does too.
    assertUblError(
      () => parseOrderResponse(example('oasis', 'UBL-OrderResponse-2.1-Example.xml')),
      'missing-element',
      /OrderResponse line 1 \(ID 1\) has no cbc:Quantity: Jakamo answers "LineItem missing Quantity"/,
    );
  });

  void it('parseOrderResponse refuses the Jakamo sample namespace quirk', () => {
    assertUblError(
      () => parseOrderResponse(example('jakamo', 'OrderResponse_sample_from_jakamo_csharp_client.xml')),
      'wrong-namespace',
      /OrderResponse must be in namespace .*OrderResponse-2/,
    );
  });
});

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
