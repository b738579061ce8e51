import type { OrderDocument } from '../../domain/documents';
import { buildOrderResponse } from '../../ubl/build-order-response';
import { orderResponseFromOrder } from '../../ubl/order-response-from-order';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import { fixture } from './helpers';

/** A built, valid OrderResponse answering an Order (by default test/fixtures/ubl/basic-order.xml) with one proposal. */
export function builtOrderResponse(orderXml = fixture('basic-order.xml')): string {
  const order = parseInboundDocument(orderXml) as OrderDocument;
  return buildOrderResponse(
    orderResponseFromOrder(order, {
      responseId: 'R-1',
      issueDate: '2026-11-27',
      sellerContactId: 'erp-user-7',
      notes: ['Confirmed'],
      lines: { [order.lines[0]?.lineId ?? '1']: { promisedDelivery: { endDate: '2026-12-01' } } },
    }),
  );
}

function mustChange(original: string, changed: string, name: string): string {
  if (changed === original) throw new Error(`variant "${name}" did not change the document`);
  return changed;
}

/** Broken variants, each invalid against UBL 2.1 for a different reason. */
export function brokenVariants(): { name: string; xml: string }[] {
  const order = fixture('basic-order.xml');
  const response = builtOrderResponse();
  const variants: [string, string, (xml: string) => string][] = [
    ['Order without cbc:ID', order, (xml) => xml.replace('<cbc:ID>PO-4711</cbc:ID>', '')],
    ['Order with an impossible date', order, (xml) => xml.replace('2026-03-02', '2026-13-45')],
    [
      'Order with IssueDate before ID',
      order,
      (xml) =>
        xml.replace(
          '<cbc:ID>PO-4711</cbc:ID>\n  <cbc:IssueDate>2026-03-02</cbc:IssueDate>',
          '<cbc:IssueDate>2026-03-02</cbc:IssueDate>\n  <cbc:ID>PO-4711</cbc:ID>',
        ),
    ],
    [
      'Order with an unknown element',
      order,
      (xml) => xml.replace('<cbc:ID>PO-4711</cbc:ID>', '<cbc:ID>PO-4711</cbc:ID><cbc:Foo>x</cbc:Foo>'),
    ],
    [
      'Order with a quantity that is not a decimal',
      order,
      (xml) => xml.replace('unitCode="BX">120<', 'unitCode="BX">abc<'),
    ],
    [
      'Order root in the OrderResponse namespace',
      order,
      (xml) => xml.replace('xsd:Order-2"', 'xsd:OrderResponse-2"'),
    ],
    ['Order truncated', order, (xml) => xml.slice(0, 2000)],
    ['OrderResponse without cac:Item', response, (xml) => xml.replace(/<cac:Item>[\s\S]*?<\/cac:Item>/, '')],
    [
      'OrderResponse without OrderReference',
      response,
      (xml) => xml.replace(/<cac:OrderReference>[\s\S]*?<\/cac:OrderReference>/, ''),
    ],
    [
      'OrderResponse PriceAmount without currencyID',
      response,
      (xml) => xml.replace(/(<cbc:PriceAmount) currencyID="EUR"/, '$1'),
    ],
    [
      'OrderResponse with SellerContact before Party',
      response,
      (xml) =>
        xml.replace(
          /(<cac:SellerSupplierParty>\s*)(<cac:Party>[\s\S]*?<\/cac:Party>)(\s*<cac:SellerContact>[\s\S]*?<\/cac:SellerContact>)/,
          '$1$3$2',
        ),
    ],
  ];
  return variants.map(([name, original, change]) => ({
    name,
    xml: mustChange(original, change(original), name),
  }));
}
