import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseXmlDocument, type XmlObject } from '../../sandbox/xml-reader';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import { schemaDir } from '../../harness/ubl-examples';
import { startTestSandbox, type TestSandbox } from './helpers';

/** Generated documents must be valid UBL 2.1, checked by a real schema validator (Java). */

interface ValidationResult {
  valid: boolean;
  messages: string[];
}
const load = createRequire(__filename);
const validator = load('xsd-schema-validator') as {
  validateXML(xml: string, schema: string): Promise<ValidationResult>;
};

async function validate(xml: string, schema: string): Promise<ValidationResult> {
  try {
    return await validator.validateXML(xml, path.join(schemaDir, 'maindoc', schema));
  } catch (error) {
    // The validator rejects on invalid documents; keep its messages for the assertion.
    const messages = (error as { messages?: string[] }).messages ?? [String(error)];
    return { valid: false, messages };
  }
}

void describe('UBL documents the sandbox queues', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox();
  });
  after(() => t.close());

  void test('a generated Order is valid against UBL-Order-2.1.xsd', async () => {
    await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines: 4, seed: 7 });
    const message = await t.supplier.take();
    const result = await validate(message.body, 'UBL-Order-2.1.xsd');
    assert.equal(result.valid, true, result.messages.join('\n'));
  });

  void test('an OrderChange from a customer change is valid against UBL-OrderChange-2.1.xsd', async () => {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines: 2 });
    await t.supplier.take();
    await t.control.changeOrder(placed.jakamoOrderNumber, {
      lines: [
        { lineId: '1', quantity: '5' },
        { lineId: '2', cancel: true },
      ],
    });
    const message = await t.supplier.take();
    assert.match(message.body, /<OrderChange /);
    const result = await validate(message.body, 'UBL-OrderChange-2.1.xsd');
    assert.equal(result.valid, true, result.messages.join('\n'));
  });

  void test('an OrderChange with the LineStatusCode 2 is valid against UBL-OrderChange-2.1.xsd', async () => {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines: 2 });
    await t.supplier.take();
    await t.control.changeOrder(placed.jakamoOrderNumber, { lines: [{ lineId: '2', lineStatusCode: '2' }] });
    const message = await t.supplier.take();
    assert.match(message.body, /<cbc:LineStatusCode>2<\/cbc:LineStatusCode>/);
    const result = await validate(message.body, 'UBL-OrderChange-2.1.xsd');
    assert.equal(result.valid, true, result.messages.join('\n'));
  });

  void test('an OrderCancellation is valid against UBL-OrderCancellation-2.1.xsd and reads as the product reads it', async () => {
    for (const note of ['Project stopped', undefined]) {
      const placed = await t.control.placeOrder('demo', { customerPartyId: 'NORDIC-SE', lines: 1 });
      await t.supplier.take();
      await t.control.cancelOrder(placed.jakamoOrderNumber, note, 'OrderCancellation');
      const message = await t.supplier.take();
      const result = await validate(message.body, 'UBL-OrderCancellation-2.1.xsd');
      assert.equal(result.valid, true, result.messages.join('\n'));
      const parsed = parseInboundDocument(message.body);
      assert.equal(parsed.kind, 'OrderCancellation');
      if (parsed.kind !== 'OrderCancellation') return;
      assert.equal(parsed.orderNumber, placed.orderNumber);
      assert.equal(parsed.buyer.id, placed.buyerPartyId);
      assert.equal(parsed.cancellationNote, note ?? 'Order cancelled by the customer.');
    }
  });

  void test('the validator does reject a broken Order (the check above can fail)', async () => {
    const result = await validate(
      '<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><Nope/></Order>',
      'UBL-Order-2.1.xsd',
    );
    assert.equal(result.valid, false);
  });

  void test('the same seed generates the same lines', async () => {
    const a = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI', lines: 3, seed: 42 });
    const b = await t.control.placeOrder('demo', { customerPartyId: 'NORDIC-SE', lines: 3, seed: 42 });
    const c = await t.control.placeOrder('demo', { customerPartyId: 'NORDIC-SE', lines: 3, seed: 43 });
    const linesOf = async (n: string) =>
      (await t.control.getOrder(n)).lines.map((l) => ({ ...l, status: undefined }));
    assert.deepEqual(await linesOf(a.jakamoOrderNumber), await linesOf(b.jakamoOrderNumber));
    assert.notDeepEqual(await linesOf(a.jakamoOrderNumber), await linesOf(c.jakamoOrderNumber));
    for (let i = 0; i < 3; i += 1) await t.supplier.take();
  });

  void test('a given Order XML is queued verbatim and read into the order state', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>GIVEN-1</cbc:ID><cbc:IssueDate>2026-03-01</cbc:IssueDate>
  <cac:BuyerCustomerParty><cac:Party><cac:PartyIdentification><cbc:ID>NORDIC-SE</cbc:ID></cac:PartyIdentification></cac:Party></cac:BuyerCustomerParty>
  <cac:SellerSupplierParty><cac:Party><cac:PartyIdentification><cbc:ID>DEMO-SUPPLIER</cbc:ID></cac:PartyIdentification></cac:Party></cac:SellerSupplierParty>
  <cac:OrderLine><cac:LineItem><cbc:ID>10</cbc:ID><cbc:Quantity unitCode="PCE">4</cbc:Quantity>
    <cac:Delivery><cac:RequestedDeliveryPeriod><cbc:EndDate>2026-04-01</cbc:EndDate></cac:RequestedDeliveryPeriod></cac:Delivery>
    <cac:Price><cbc:PriceAmount currencyID="EUR">9.90</cbc:PriceAmount></cac:Price><cac:Item><cbc:Name>Thing</cbc:Name></cac:Item></cac:LineItem></cac:OrderLine>
</Order>`;
    const placed = await t.control.placeOrder('demo', { xml });
    assert.equal(placed.orderNumber, 'GIVEN-1');
    assert.equal(placed.buyerPartyId, 'NORDIC-SE');
    const message = await t.supplier.take();
    assert.equal(message.body, xml);
    const order = await t.control.getOrder(placed.jakamoOrderNumber);
    assert.deepEqual(order.lines[0].requested, { quantity: '4', price: '9.90', deliveryDate: '2026-04-01' });
  });

  void test('placing an order for a company that is not a customer of the integration is refused', async () => {
    await assert.rejects(t.control.placeOrder('demo', { customerPartyId: 'STRANGER' }), /not a customer/);
    await assert.rejects(t.control.placeOrder('nope', { customerPartyId: 'ACME-FI' }), /404/);
  });
});

void describe('sandbox XML reading', () => {
  void test('predefined entities and character references are decoded, so ids with & match', () => {
    const { root } = parseXmlDocument(
      '<Order xmlns="urn:x"><ID a="R&amp;D">A&amp;B &lt;1&gt; &#65;&#x42;</ID></Order>',
    );
    const id = root.ID as XmlObject;
    assert.equal(id['#text'], 'A&B <1> AB');
    assert.equal(id['@_a'], 'R&D');
  });
});
