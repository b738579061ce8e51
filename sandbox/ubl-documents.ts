import Big from 'big.js';
import { isCancellingLineStatusCode } from './order-state-machine';
import { el, renderXmlDocument, type XmlElement } from './xml-builder';
import type { SandboxOrderLine, SandboxLineTerms } from './types';

/**
 * UBL 2.1 Order, OrderChange and OrderCancellation documents as Jakamo queues them for the
 * supplier. Element order follows the UBL 2.1 schemas (UBL-Order-2.1.xsd,
 * UBL-OrderChange-2.1.xsd, UBL-OrderCancellation-2.1.xsd): a test validates generated
 * documents against them.
 */

const ns = {
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  order: 'urn:oasis:names:specification:ubl:schema:xsd:Order-2',
  orderChange: 'urn:oasis:names:specification:ubl:schema:xsd:OrderChange-2',
  orderCancellation: 'urn:oasis:names:specification:ubl:schema:xsd:OrderCancellation-2',
};

export interface UblParty {
  partyId: string;
  name: string;
}

export interface UblOrderContent {
  orderNumber: string;
  issueDate: string;
  currency: string;
  note?: string;
  buyer: UblParty;
  seller: UblParty;
  lines: UblLine[];
}

export interface UblLine {
  lineId: string;
  itemName: string;
  sellersItemId: string;
  unitCode: string;
  terms: SandboxLineTerms;
  /** OrderChange only: "Cancelled" (or the code the change gave, such as "2") for a cancelled line. */
  lineStatusCode?: string;
}

function amount(value: string, currency: string, name = 'cbc:LineExtensionAmount'): XmlElement {
  return el(name, { currencyID: currency }, value);
}

function party(kind: 'cac:BuyerCustomerParty' | 'cac:SellerSupplierParty', value: UblParty): XmlElement {
  return el(kind, [
    el('cac:Party', [
      el('cac:PartyIdentification', [el('cbc:ID', value.partyId)]),
      el('cac:PartyName', [el('cbc:Name', value.name)]),
    ]),
  ]);
}

function lineAmount(terms: SandboxLineTerms): string {
  return new Big(terms.quantity).times(terms.price).toFixed(2);
}

function orderLine(line: UblLine, currency: string): XmlElement {
  return el('cac:OrderLine', [
    el('cac:LineItem', [
      el('cbc:ID', line.lineId),
      line.lineStatusCode === undefined ? undefined : el('cbc:LineStatusCode', line.lineStatusCode),
      el('cbc:Quantity', { unitCode: line.unitCode }, line.terms.quantity),
      amount(lineAmount(line.terms), currency),
      el('cac:Delivery', [
        el('cac:RequestedDeliveryPeriod', [
          el('cbc:StartDate', line.terms.deliveryDate),
          el('cbc:EndDate', line.terms.deliveryDate),
        ]),
      ]),
      el('cac:Price', [amount(line.terms.price, currency, 'cbc:PriceAmount')]),
      el('cac:Item', [
        el('cbc:Name', line.itemName),
        el('cac:SellersItemIdentification', [el('cbc:ID', line.sellersItemId)]),
      ]),
    ]),
  ]);
}

function monetaryTotal(content: UblOrderContent): XmlElement {
  const total = content.lines
    .filter((line) => !isCancellingLineStatusCode(line.lineStatusCode))
    .reduce((sum, line) => sum.plus(lineAmount(line.terms)), new Big(0))
    .toFixed(2);
  return el('cac:AnticipatedMonetaryTotal', [
    amount(total, content.currency),
    amount(total, content.currency, 'cbc:PayableAmount'),
  ]);
}

export function buildOrderXml(content: UblOrderContent): string {
  return renderXmlDocument(
    el('Order', { xmlns: ns.order, 'xmlns:cac': ns.cac, 'xmlns:cbc': ns.cbc }, [
      el('cbc:UBLVersionID', '2.1'),
      el('cbc:ID', content.orderNumber),
      el('cbc:IssueDate', content.issueDate),
      content.note === undefined ? undefined : el('cbc:Note', content.note),
      el('cbc:DocumentCurrencyCode', content.currency),
      party('cac:BuyerCustomerParty', content.buyer),
      party('cac:SellerSupplierParty', content.seller),
      monetaryTotal(content),
      ...content.lines.map((line) => orderLine(line, content.currency)),
    ]),
  );
}

export interface UblOrderChangeContent extends UblOrderContent {
  changeId: string;
  sequenceNumber: number;
}

export function buildOrderChangeXml(content: UblOrderChangeContent): string {
  return renderXmlDocument(
    el('OrderChange', { xmlns: ns.orderChange, 'xmlns:cac': ns.cac, 'xmlns:cbc': ns.cbc }, [
      el('cbc:UBLVersionID', '2.1'),
      el('cbc:ID', content.changeId),
      el('cbc:IssueDate', content.issueDate),
      el('cbc:SequenceNumberID', String(content.sequenceNumber)),
      content.note === undefined ? undefined : el('cbc:Note', content.note),
      el('cbc:DocumentCurrencyCode', content.currency),
      el('cac:OrderReference', [el('cbc:ID', content.orderNumber)]),
      party('cac:BuyerCustomerParty', content.buyer),
      party('cac:SellerSupplierParty', content.seller),
      monetaryTotal(content),
      ...content.lines.map((line) => orderLine(line, content.currency)),
    ]),
  );
}

export interface UblOrderCancellationContent {
  cancellationId: string;
  issueDate: string;
  orderNumber: string;
  /** Mandatory in UBL 2.1 (at least one CancellationNote). */
  cancellationNote: string;
  buyer: UblParty;
  seller: UblParty;
}

/** A whole-order OrderCancellation (UBL-OrderCancellation-2.1.xsd element order). */
export function buildOrderCancellationXml(content: UblOrderCancellationContent): string {
  return renderXmlDocument(
    el('OrderCancellation', { xmlns: ns.orderCancellation, 'xmlns:cac': ns.cac, 'xmlns:cbc': ns.cbc }, [
      el('cbc:UBLVersionID', '2.1'),
      el('cbc:ID', content.cancellationId),
      el('cbc:IssueDate', content.issueDate),
      el('cbc:CancellationNote', content.cancellationNote),
      el('cac:OrderReference', [el('cbc:ID', content.orderNumber)]),
      party('cac:BuyerCustomerParty', content.buyer),
      party('cac:SellerSupplierParty', content.seller),
    ]),
  );
}

/**
 * Lines of an order as UBL lines with the given terms (requested or proposal). A cancelled line
 * carries LineStatusCode "Cancelled", unless `lineStatusCodes` gives the code this change used
 * for it (verbatim, for cancelled and open lines alike).
 */
export function toUblLines(
  lines: SandboxOrderLine[],
  termsOf: (line: SandboxOrderLine) => SandboxLineTerms,
  lineStatusCodes: ReadonlyMap<string, string> = new Map(),
): UblLine[] {
  return lines.map((line) => ({
    lineId: line.lineId,
    itemName: line.itemName,
    sellersItemId: line.sellersItemId,
    unitCode: line.unitCode,
    terms: termsOf(line),
    lineStatusCode:
      lineStatusCodes.get(line.lineId) ?? (line.status === 'Cancelled' ? 'Cancelled' : undefined),
  }));
}
