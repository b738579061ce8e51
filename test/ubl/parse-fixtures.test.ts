import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderCancellationDocument, OrderChangeDocument, OrderDocument } from '../../domain/documents';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import { parseOrderResponse } from '../../ubl/parse-order-response';
import { fixture } from './helpers';

/**
 * The documents written for this repository (test/fixtures/ubl, valid against UBL 2.1) read as
 * written, field by field: the default suite's counterpart of the golden tests on ../shared.
 */
void describe('test/fixtures/ubl documents, hand-checked fields', () => {
  void it('Order: header, parties and delivery', () => {
    const order = parseInboundDocument(fixture('basic-order.xml')) as OrderDocument;
    assert.equal(order.kind, 'Order');
    assert.equal(order.orderNumber, 'PO-4711');
    assert.equal(order.issueDate, '2026-03-02');
    assert.equal(order.issueTime, '09:15:00');
    assert.equal(order.currency, 'EUR');
    assert.deepEqual(order.notes, ['Deliver to the back door']);
    assert.deepEqual(order.anticipatedTotal, { value: '1536.00', currencyId: 'EUR' });
    assert.equal(order.buyer.id, 'FI-BUYER-7');
    assert.equal(order.buyer.name, 'Rakennus & Rauta Oy');
    assert.equal(order.buyer.address?.cityName, 'Turku');
    assert.equal(order.buyer.contact?.email, 'aino.virtanen@example.com');
    assert.equal(order.seller.id, 'SUPPLIER-1');
    assert.deepEqual(order.delivery?.requestedPeriod, { startDate: '2026-03-16', endDate: '2026-03-20' });
  });

  void it('Order: lines keep exact decimals, units and item ids', () => {
    const order = parseInboundDocument(fixture('basic-order.xml')) as OrderDocument;
    assert.equal(order.lines.length, 2);
    const [screws, wire] = order.lines;
    assert.equal(screws?.lineId, '1');
    assert.deepEqual(screws?.quantity, { value: '120', unitCode: 'BX' });
    assert.deepEqual(screws?.price?.amount, { value: '12.50', currencyId: 'EUR' });
    assert.deepEqual(screws?.price?.baseQuantity, { value: '1', unitCode: 'BX' });
    assert.deepEqual(screws?.lineAmount, { value: '1500.00', currencyId: 'EUR' });
    assert.deepEqual(screws?.requestedDelivery, { endDate: '2026-03-18' });
    assert.equal(screws?.item.sellersItemId, 'WS-440-200');
    assert.equal(screws?.item.buyersItemId, 'RR-55120');
    assert.deepEqual(screws?.notes, ['Zinc plated']);
    assert.equal(wire?.lineId, '2');
    assert.deepEqual(wire?.quantity, { value: '15', unitCode: 'MTR' });
    assert.equal(wire?.item.name, 'Steel wire 2 mm');
  });

  void it('OrderChange: the changed order, its sequence number and line status codes', () => {
    const change = parseInboundDocument(fixture('basic-order-change.xml')) as OrderChangeDocument;
    assert.equal(change.kind, 'OrderChange');
    assert.equal(change.orderNumber, 'PO-4711');
    assert.equal(change.orderNumberSource, 'OrderReference/ID');
    assert.equal(change.changeId, 'PO-4711-C1');
    assert.equal(change.sequenceNumber, '1');
    assert.equal(change.buyer.id, 'FI-BUYER-7');
    assert.deepEqual(
      change.lines.map((line) => [line.lineId, line.quantity?.value, line.lineStatusCode]),
      [
        ['1', '80', '3'],
        ['2', '0', 'Cancelled'],
      ],
    );
  });

  void it('OrderCancellation: the cancelled order and the note', () => {
    const cancellation = parseInboundDocument(
      fixture('basic-order-cancellation.xml'),
    ) as OrderCancellationDocument;
    assert.equal(cancellation.kind, 'OrderCancellation');
    assert.equal(cancellation.orderNumber, 'PO-4711');
    assert.equal(cancellation.buyer.id, 'FI-BUYER-7');
    assert.equal(cancellation.cancellationNote, 'The project was stopped');
  });

  void it('OrderResponse: code, seller contact, and the proposal on line 1', () => {
    const response = parseOrderResponse(fixture('basic-order-response.xml'));
    assert.equal(response.responseId, 'R-4711-1');
    assert.equal(response.orderNumber, 'PO-4711');
    assert.equal(response.responseCode, 'CA');
    assert.equal(response.sellerContactId, 'erp-user-7');
    assert.equal(response.buyerPartyId, 'FI-BUYER-7');
    assert.deepEqual(response.lines[0]?.quantity, { value: '100', unitCode: 'BX' });
    assert.deepEqual(response.lines[0]?.promisedDelivery, { endDate: '2026-03-25' });
    assert.equal(response.lines[1]?.quantity.value, '15');
  });
});
