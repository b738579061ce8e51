import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderChangeDocument, OrderDocument, StatusMessageDocument } from '../../domain/documents';
import { defaultStatusMessageLayout } from '../../domain/status-message-layout';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import { assertUblError, fixture } from './helpers';

const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const ORDER = 'urn:oasis:names:specification:ubl:schema:xsd:Order-2';

void describe('namespaces are matched by URI, not prefix', () => {
  void it('any prefixes, including a prefixed root and default namespaces on children', () => {
    const xml = `<o:Order xmlns:o="${ORDER}" xmlns:b="${CBC}" xmlns:a="${CAC}">
      <b:ID>PO-7</b:ID>
      <a:BuyerCustomerParty><a:Party><a:PartyIdentification><ID xmlns="${CBC}">C-1</ID></a:PartyIdentification></a:Party></a:BuyerCustomerParty>
      <OrderLine xmlns="${CAC}"><LineItem><ID xmlns="${CBC}">10</ID>
        <b:Quantity unitCode="PCS">1.500</b:Quantity>
        <Price><b:PriceAmount currencyID="EUR">0.10</b:PriceAmount></Price>
        <Item><b:Name>Bolt &amp; nut &#x263A; <![CDATA[<raw & kept>]]></b:Name></Item></LineItem></OrderLine>
    </o:Order>`;
    const order = parseInboundDocument(xml) as OrderDocument;
    assert.equal(order.orderNumber, 'PO-7');
    assert.equal(order.buyer.id, 'C-1');
    assert.deepEqual(order.lines[0]?.quantity, { value: '1.500', unitCode: 'PCS' });
    assert.deepEqual(order.lines[0]?.price, { amount: { value: '0.10', currencyId: 'EUR' } });
    assert.equal(order.lines[0]?.item.name, 'Bolt & nut \u263A<raw & kept>');
  });

  void it('attribute values are entity-decoded too', () => {
    const xml = `<Order xmlns="${ORDER}" xmlns:cbc="${CBC}" xmlns:cac="${CAC}"><cbc:ID>1</cbc:ID>
      <cac:BuyerCustomerParty><cac:Party><cac:PartyIdentification><cbc:ID schemeID="A&amp;B&#x27;s">B</cbc:ID></cac:PartyIdentification></cac:Party></cac:BuyerCustomerParty>
      <cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cac:Item/></cac:LineItem></cac:OrderLine></Order>`;
    assert.equal((parseInboundDocument(xml) as OrderDocument).buyer.idSchemeId, "A&B's");
  });

  void it('elements with the right name in the wrong namespace are not read', () => {
    const xml = `<Order xmlns="${ORDER}" xmlns:cbc="urn:example:not-ubl"><cbc:ID>PO-1</cbc:ID></Order>`;
    assertUblError(() => parseInboundDocument(xml), 'missing-element', /Order has no cbc:ID/);
  });
});

void describe('mandatory elements and fallbacks', () => {
  // An Order needs a line: one is added when the body has none.
  const oneLine = '<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cac:Item/></cac:LineItem></cac:OrderLine>';
  const order = (body: string) =>
    `<Order xmlns="${ORDER}" xmlns:cbc="${CBC}" xmlns:cac="${CAC}">${body}${body.includes('<cac:OrderLine>') ? '' : oneLine}</Order>`;
  const buyer = (party: string, role = '') =>
    `<cac:BuyerCustomerParty>${role}<cac:Party>${party}</cac:Party></cac:BuyerCustomerParty>`;

  void it('missing order number', () => {
    assertUblError(
      () =>
        parseInboundDocument(
          order(buyer('<cac:PartyIdentification><cbc:ID>B</cbc:ID></cac:PartyIdentification>')),
        ),
      'missing-element',
      /Order has no cbc:ID: the customer's order number is mandatory/,
    );
  });

  void it('buyer id falls back to EndpointID, then CustomerAssignedAccountID, and says so', () => {
    const endpoint = parseInboundDocument(
      order(`<cbc:ID>1</cbc:ID>${buyer('<cbc:EndpointID schemeID="0088">7300</cbc:EndpointID>')}`),
    ) as OrderDocument;
    assert.equal(endpoint.buyer.id, '7300');
    assert.equal(endpoint.buyer.idSource, 'EndpointID');
    const account = parseInboundDocument(
      order(
        `<cbc:ID>1</cbc:ID>${buyer('', '<cbc:CustomerAssignedAccountID>ACC-9</cbc:CustomerAssignedAccountID>')}`,
      ),
    ) as OrderDocument;
    assert.equal(account.buyer.id, 'ACC-9');
    assert.equal(account.buyer.idSource, 'CustomerAssignedAccountID');
  });

  void it('no buyer identifier at all', () => {
    assertUblError(
      () =>
        parseInboundDocument(
          order(`<cbc:ID>1</cbc:ID>${buyer('<cac:PartyName><cbc:Name>X</cbc:Name></cac:PartyName>')}`),
        ),
      'missing-element',
      /Order has no buyer identifier: cac:BuyerCustomerParty\/cac:Party\/cac:PartyIdentification\/cbc:ID/,
    );
  });

  void it('a line without an id names the line', () => {
    const xml = order(
      `<cbc:ID>1</cbc:ID>${buyer('<cac:PartyIdentification><cbc:ID>B</cbc:ID></cac:PartyIdentification>')}` +
        '<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cac:Item/></cac:LineItem></cac:OrderLine>' +
        '<cac:OrderLine><cac:LineItem><cac:Item/></cac:LineItem></cac:OrderLine>',
    );
    const error = assertUblError(
      () => parseInboundDocument(xml),
      'missing-element',
      /Order line 2 has no cac:LineItem\/cbc:ID/,
    );
    assert.equal(error.location, 'Order/OrderLine[2]/LineItem/ID');
  });

  void it('a quantity that is not a decimal', () => {
    const xml = order(
      `<cbc:ID>1</cbc:ID>${buyer('<cac:PartyIdentification><cbc:ID>B</cbc:ID></cac:PartyIdentification>')}` +
        '<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cbc:Quantity>1e3</cbc:Quantity><cac:Item/></cac:LineItem></cac:OrderLine>',
    );
    assertUblError(
      () => parseInboundDocument(xml),
      'invalid-value',
      /Quantity is "1e3", which is not a decimal/,
    );
  });
});

void describe('OrderChange and StatusMessage', () => {
  void it('OrderChange reads the changed order from OrderReference/ID', () => {
    const change = parseInboundDocument(fixture('basic-order-change.xml')) as OrderChangeDocument;
    assert.equal(change.kind, 'OrderChange');
    assert.equal(change.orderNumber, 'PO-4711');
    assert.equal(change.orderNumberSource, 'OrderReference/ID');
    assert.equal(change.changeId, 'PO-4711-C1');
    assert.equal(change.sequenceNumber, '1');
    assert.equal(change.lines[0]?.lineStatusCode, '3');
  });

  void it('OrderChange without OrderReference falls back to its own ID', () => {
    const xml = fixture('basic-order-change.xml').replace(
      /<cac:OrderReference>[\s\S]*?<\/cac:OrderReference>/,
      '',
    );
    const change = parseInboundDocument(xml) as OrderChangeDocument;
    assert.equal(change.orderNumber, 'PO-4711-C1');
    assert.equal(change.orderNumberSource, 'ID');
  });

  void it('StatusMessage in the default layout', () => {
    const xml = `<StatusMessage xmlns="${defaultStatusMessageLayout.namespace}"><OrderID>PO-9</OrderID>
      <BuyerPartyID>C-1</BuyerPartyID><Status>Cancelled</Status><LineID>2</LineID><LineID>3</LineID><Note>no longer needed</Note></StatusMessage>`;
    const message = parseInboundDocument(xml) as StatusMessageDocument;
    assert.deepEqual(message, {
      kind: 'StatusMessage',
      orderNumber: 'PO-9',
      buyerPartyId: 'C-1',
      status: 'Cancelled',
      lineIds: ['2', '3'],
      note: 'no longer needed',
    });
  });

  void it('StatusMessage in a configured layout', () => {
    const layout = {
      ...defaultStatusMessageLayout,
      namespace: 'urn:x',
      rootElement: 'Status',
      statusElement: 'Code',
    };
    const xml = '<s:Status xmlns:s="urn:x"><s:OrderID>PO-9</s:OrderID><s:Code>Cancelled</s:Code></s:Status>';
    const message = parseInboundDocument(xml, { statusMessageLayout: layout }) as StatusMessageDocument;
    assert.equal(message.status, 'Cancelled');
    assert.deepEqual(message.lineIds, []);
  });

  void it('StatusMessage without a status', () => {
    const xml = `<StatusMessage xmlns="${defaultStatusMessageLayout.namespace}"><OrderID>PO-9</OrderID></StatusMessage>`;
    assertUblError(() => parseInboundDocument(xml), 'missing-element', /StatusMessage has no Status/);
  });
});
