import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { OrderDocument } from '../../domain/documents';
import { LineStatusCode } from '../../domain/line-status-codes';
import { buildOrderResponse } from '../../ubl/build-order-response';
import { Libxml2XsdValidator } from '../../ubl/libxml2-validator';
import { orderResponseFromOrder } from '../../ubl/order-response-from-order';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import { parseOrderResponse } from '../../ubl/parse-order-response';
import { exactFixture, resolveSchemaDir } from './exact-schemas';

const schemas = resolveSchemaDir();
const xsd = 'dir' in schemas ? {} : { skip: schemas.skip };
const validator = 'dir' in schemas ? new Libxml2XsdValidator(schemas.dir) : undefined;
after(() => validator?.dispose());

const order = parseInboundDocument(exactFixture('order.xml')) as OrderDocument;
const base = {
  responseId: 'EXACT-1-R1',
  issueDate: '2026-11-28',
  issueTime: '08:00:00',
  sellerContactId: 'erp-7',
};

/** A proposal: line 2 gets fewer pieces (marked changed, as the order workflow marks it), the others as requested. */
const proposal = orderResponseFromOrder(order, {
  ...base,
  lines: { '2': { quantity: { value: '90', unitCode: 'C62' }, lineStatusCode: LineStatusCode.Changed } },
});
const xml = buildOrderResponse(proposal);

/** The text of the first `<cac:OrderLine>…</cac:OrderLine>` whose LineItem has this ID. */
function orderLineXml(lineId: string): string {
  const line = xml
    .split('<cac:OrderLine>')
    .slice(1)
    .find((part) => part.includes(`<cbc:ID>${lineId}</cbc:ID>`));
  assert.ok(line, `line ${lineId} is in the response`);
  return line.slice(0, line.indexOf('</cac:OrderLine>'));
}

void describe('a built OrderResponse answers each customer line exactly', () => {
  void it('each line points at the customer line with OrderLineReference/LineID, after the LineItem', () => {
    for (const lineId of ['1', '2', '3']) {
      const line = orderLineXml(lineId);
      assert.match(
        line,
        new RegExp(`</cac:LineItem>\\s*<cac:OrderLineReference>\\s*<cbc:LineID>${lineId}</cbc:LineID>`),
      );
    }
  });

  void it('the changed line carries its LineStatusCode; lines confirmed as requested carry none', () => {
    assert.equal(proposal.responseCode, 'CA');
    assert.match(
      orderLineXml('2'),
      /<cbc:LineStatusCode>3<\/cbc:LineStatusCode>\s*<cbc:Quantity unitCode="C62">90</,
    );
    assert.doesNotMatch(orderLineXml('1'), /LineStatusCode/);
    assert.doesNotMatch(orderLineXml('3'), /LineStatusCode/);
  });

  void it('a price per base quantity is answered as such, and the line amount divides by it', () => {
    assert.match(
      orderLineXml('1'),
      /<cbc:LineExtensionAmount currencyID="EUR">150<\/cbc:LineExtensionAmount>[\s\S]*<cbc:PriceAmount currencyID="EUR">30.00<\/cbc:PriceAmount>\s*<cbc:BaseQuantity unitCode="C62">2<\/cbc:BaseQuantity>/,
    );
    assert.deepEqual(proposal.lines[2]?.lineAmount, { value: '1.5625', currencyId: 'EUR' });
    assert.deepEqual(proposal.lines[1]?.lineAmount, { value: '220.5', currencyId: 'EUR' }, '90 × 2.45');
  });

  void it("a line without its own period is promised the order's header period", () => {
    assert.deepEqual(proposal.lines[0]?.promisedDelivery, { startDate: '2027-01-04', endDate: '2027-01-08' });
  });

  void it('the parties keep the scheme ids and endpoint ids of the order, EndpointID first', () => {
    assert.match(
      xml,
      /<cac:BuyerCustomerParty>\s*<cac:Party>\s*<cbc:EndpointID schemeID="0216">003712345678<\/cbc:EndpointID>\s*<cac:PartyIdentification>\s*<cbc:ID schemeID="0037">12345678<\/cbc:ID>/,
    );
    assert.match(
      xml,
      /<cac:SellerSupplierParty>\s*<cac:Party>\s*<cbc:EndpointID schemeID="0088">7300010000001<\/cbc:EndpointID>\s*<cac:PartyIdentification>\s*<cbc:ID schemeID="0088">7300010000001<\/cbc:ID>/,
    );
  });

  void it('parsed back, it is the response that was meant', () => {
    const parsed = parseOrderResponse(xml);
    assert.deepStrictEqual(parsed, proposal);
    assert.deepEqual(
      parsed.lines.map((line) => [line.lineId, line.orderLineReference, line.lineStatusCode]),
      [
        ['1', '1', undefined],
        ['2', '2', '3'],
        ['3', '3', undefined],
      ],
    );
    assert.deepEqual(
      [parsed.buyerPartyIdSchemeId, parsed.buyerEndpointId, parsed.buyerEndpointSchemeId],
      ['0037', '003712345678', '0216'],
    );
  });

  void it('another buyer id than the order gave drops the order scheme id, keeps the endpoint', () => {
    const mapped = orderResponseFromOrder(order, { ...base, buyerPartyId: 'HARBOUR' });
    assert.equal(mapped.buyerPartyId, 'HARBOUR');
    assert.equal(mapped.buyerPartyIdSchemeId, undefined);
    assert.equal(mapped.buyerEndpointId, '003712345678');
    assert.deepStrictEqual(parseOrderResponse(buildOrderResponse(mapped)), mapped);
  });

  void it(
    'the proposal and a confirmation as requested are valid against the OASIS UBL 2.1 XSD',
    xsd,
    async () => {
      for (const document of [xml, buildOrderResponse(orderResponseFromOrder(order, base))]) {
        const result = await validator!.validate(document);
        assert.deepEqual(result.problems, []);
        assert.equal(result.valid, true);
      }
    },
  );
});
