import type {
  Amount,
  Item,
  OrderResponseDocument,
  OrderResponseLine,
  Period,
  Price,
  Quantity,
} from '../domain/documents';
import { requireDecimal } from './decimal';
import { documentNamespace, UBL_NS } from './namespaces';
import { branch, leaf, renderXml, type XmlNode } from './xml-writer';

/** What `buildOrderResponse` takes: the OrderResponse as meant (parse the result back to get it again). */
export type OrderResponseInput = Omit<OrderResponseDocument, 'kind'> & { kind?: 'OrderResponse' };

function quantity(name: string, value: Quantity | undefined, where: string): XmlNode | undefined {
  if (value === undefined) return undefined;
  return leaf(name, requireDecimal(value.value, where), { unitCode: value.unitCode });
}

function amount(name: string, value: Amount | undefined, where: string): XmlNode | undefined {
  if (value === undefined) return undefined;
  return leaf(name, requireDecimal(value.value, where), { currencyID: value.currencyId });
}

function period(name: string, value: Period | undefined): XmlNode | undefined {
  if (value === undefined) return undefined;
  return branch(name, [
    leaf('cbc:StartDate', value.startDate),
    leaf('cbc:StartTime', value.startTime),
    leaf('cbc:EndDate', value.endDate),
    leaf('cbc:EndTime', value.endTime),
  ]);
}

function price(value: Price | undefined, where: string): XmlNode | undefined {
  if (value === undefined) return undefined;
  return branch('cac:Price', [
    amount('cbc:PriceAmount', value.amount, `${where}/PriceAmount`),
    quantity('cbc:BaseQuantity', value.baseQuantity, `${where}/BaseQuantity`),
  ]);
}

function item(value: Item): XmlNode | undefined {
  const id = (name: string, text: string | undefined) => branch(name, [leaf('cbc:ID', text)]);
  // cac:Item is mandatory in a LineItem (it may be empty): element order follows UBL 2.1 ItemType.
  return branch(
    'cac:Item',
    [
      leaf('cbc:Description', value.description),
      leaf('cbc:Name', value.name),
      id('cac:BuyersItemIdentification', value.buyersItemId),
      id('cac:SellersItemIdentification', value.sellersItemId),
      id('cac:StandardItemIdentification', value.standardItemId),
      ...(value.properties ?? []).map((property) =>
        branch('cac:AdditionalItemProperty', [
          leaf('cbc:Name', property.name),
          leaf('cbc:Value', property.value),
        ]),
      ),
    ],
    true,
  );
}

function orderLine(line: OrderResponseLine): XmlNode | undefined {
  const where = `OrderResponse/OrderLine[ID=${line.lineId}]/LineItem`;
  // Element order follows UBL 2.1 OrderLineType (Note, LineItem, …, OrderLineReference) and LineItemType.
  return branch('cac:OrderLine', [
    ...line.notes.map((note) => leaf('cbc:Note', note)),
    branch('cac:LineItem', [
      leaf('cbc:ID', line.lineId),
      leaf('cbc:LineStatusCode', line.lineStatusCode),
      quantity('cbc:Quantity', line.quantity, `${where}/Quantity`),
      amount('cbc:LineExtensionAmount', line.lineAmount, `${where}/LineExtensionAmount`),
      branch('cac:Delivery', [period('cac:PromisedDeliveryPeriod', line.promisedDelivery)]),
      price(line.price, `${where}/Price`),
      item(line.item),
    ]),
    branch('cac:OrderLineReference', [leaf('cbc:LineID', line.orderLineReference)]),
  ]);
}

interface ResponseParty {
  id: string | undefined;
  idSchemeId: string | undefined;
  endpointId: string | undefined;
  endpointSchemeId: string | undefined;
  name: string | undefined;
}

function party(value: ResponseParty): XmlNode | undefined {
  // UBL 2.1 PartyType: EndpointID comes before PartyIdentification and PartyName.
  return branch('cac:Party', [
    leaf('cbc:EndpointID', value.endpointId, { schemeID: value.endpointSchemeId }),
    branch('cac:PartyIdentification', [leaf('cbc:ID', value.id, { schemeID: value.idSchemeId })]),
    branch('cac:PartyName', [leaf('cbc:Name', value.name)]),
  ]);
}

/**
 * Builds a UBL 2.1 OrderResponse (root in the OrderResponse-2 namespace, cac/cbc declared; unlike
 * Jakamo's C# sample). Confirmation "as requested" and proposals are the same shape: the lines
 * carry the quantities, prices and promised delivery periods the supplier confirms or proposes
 * (see `orderResponseFromOrder`). Elements are written in the XSD's sequence order.
 */
export function buildOrderResponse(input: OrderResponseInput): string {
  const root: XmlNode = {
    name: 'OrderResponse',
    attributes: {
      xmlns: documentNamespace('OrderResponse'),
      'xmlns:cac': UBL_NS.cac,
      'xmlns:cbc': UBL_NS.cbc,
    },
    children: [
      leaf('cbc:UBLVersionID', '2.1'),
      leaf('cbc:ID', input.responseId),
      leaf('cbc:IssueDate', input.issueDate),
      leaf('cbc:IssueTime', input.issueTime),
      leaf('cbc:OrderResponseCode', input.responseCode),
      ...input.notes.map((note) => leaf('cbc:Note', note)),
      leaf('cbc:DocumentCurrencyCode', input.currency),
      branch('cac:OrderReference', [leaf('cbc:ID', input.orderNumber)], true),
      branch(
        'cac:SellerSupplierParty',
        [
          party({
            id: input.sellerPartyId,
            idSchemeId: input.sellerPartyIdSchemeId,
            endpointId: input.sellerEndpointId,
            endpointSchemeId: input.sellerEndpointSchemeId,
            name: input.sellerName,
          }),
          branch('cac:SellerContact', [leaf('cbc:ID', input.sellerContactId)]),
        ],
        true,
      ),
      branch(
        'cac:BuyerCustomerParty',
        [
          party({
            id: input.buyerPartyId,
            idSchemeId: input.buyerPartyIdSchemeId,
            endpointId: input.buyerEndpointId,
            endpointSchemeId: input.buyerEndpointSchemeId,
            name: input.buyerName,
          }),
        ],
        true,
      ),
      ...input.lines.map(orderLine),
    ],
  };
  return renderXml(root);
}
