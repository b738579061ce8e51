import { isXsdDecimal } from '../domain/decimal';
import type { OrderResponseDocument } from '../domain/documents';
import { buildOrderResponse } from './build-order-response';
import { UblDocumentError } from './errors';
import { documentNamespace } from './namespaces';
import { describeElement, readXmlDocument } from './read-document';
import { all, first, text } from './ubl-read';
import type { XmlElement } from './xml-tree';

/** The 400 bodies of the Jakamo SO API (its documented response table), word for word. */
export const JakamoError = {
  IncorrectOrderResponse: 'Incorrect order response',
  NoCustomerMapping: 'No customer mapping found',
  SellerContact: 'Errors in SellerContact element. Missing mapping?',
  MissingQuantity: 'LineItem missing Quantity',
  MissingPrice: 'Price\\PriceAmount is required.',
} as const;

export type JakamoErrorText = (typeof JakamoError)[keyof typeof JakamoError];

/**
 * The mappings configured on the Jakamo Integrations page, as far as this product knows them.
 * A list left undefined means "unknown": that mapping is then not checked (only presence is).
 */
export interface JakamoMappings {
  /** Company strings: BuyerCustomerParty/Party/PartyIdentification/ID values mapped to customers. */
  customerIds?: readonly string[];
  /** User strings: SellerSupplierParty/SellerContact/ID values mapped to Jakamo users. */
  sellerContactIds?: readonly string[];
}

export interface PreflightProblem {
  /** What Jakamo would answer with 400, in its own words. */
  error: JakamoErrorText;
  /** Why, for a person. */
  detail: string;
  /** Where, e.g. "OrderResponse/OrderLine[2]/LineItem/Quantity". */
  location: string;
}

export interface PreflightResult {
  ok: boolean;
  problems: PreflightProblem[];
  /** Things Jakamo may accept but that are not clean UBL 2.1 (e.g. the root namespace quirk). */
  warnings: string[];
}

/**
 * Checks an OrderResponse before it is POSTed, reporting what the SO API would answer with 400
 * (mandatory elements, customer and user mappings, line quantity and price), so the order can go to
 * NeedsAttention without a round trip. Takes the XML that will be sent, or the response to build.
 */
export function preflightOrderResponse(
  response: string | Buffer | OrderResponseDocument,
  mappings: JakamoMappings = {},
): PreflightResult {
  const xml =
    typeof response === 'string' || Buffer.isBuffer(response) ? response : buildOrderResponse(response);
  const problems: PreflightProblem[] = [];
  const warnings: string[] = [];
  const report = (error: JakamoErrorText, detail: string, location: string) =>
    problems.push({ error, detail, location });

  let root: XmlElement;
  try {
    root = readXmlDocument(xml);
  } catch (error) {
    if (!(error instanceof UblDocumentError)) throw error;
    report(
      JakamoError.IncorrectOrderResponse,
      `The document cannot be read: ${error.message}`,
      'OrderResponse',
    );
    return { ok: false, problems, warnings };
  }
  if (root.name !== 'OrderResponse') {
    report(
      JakamoError.IncorrectOrderResponse,
      `The root element is ${describeElement(root)}, not an OrderResponse`,
      root.name,
    );
    return { ok: false, problems, warnings };
  }
  if (root.namespace !== documentNamespace('OrderResponse')) {
    // Jakamo's own C# sample declares Order-2 here; we cannot tell whether the SO API minds, so warn only.
    warnings.push(
      `The root element is ${describeElement(root)}; UBL 2.1 expects ${documentNamespace('OrderResponse')}`,
    );
  }

  const mandatory: [string, string][] = [
    ['cbc:ID', 'the OrderResponse id'],
    ['cbc:IssueDate', 'the issue date'],
    ['cac:OrderReference/cbc:ID', "the customer's order number"],
  ];
  for (const [path, what] of mandatory) {
    if (text(root, path) === undefined) {
      report(
        JakamoError.IncorrectOrderResponse,
        `Missing or empty mandatory element ${path} (${what})`,
        locationOf(path),
      );
    }
  }

  // Both mappings are checked the same way: present, then (when the list is known) mapped.
  const checkMapping = (
    elementPath: string,
    location: string,
    error: JakamoErrorText,
    known: readonly string[] | undefined,
    unmapped: (id: string) => string,
  ): void => {
    const id = text(root, elementPath);
    if (id === undefined)
      report(error, `${location.replace(/^OrderResponse\//, '')} is missing or empty`, location);
    else if (known && !known.includes(id)) report(error, unmapped(id), location);
  };
  checkMapping(
    'cac:BuyerCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID',
    'OrderResponse/BuyerCustomerParty/Party/PartyIdentification/ID',
    JakamoError.NoCustomerMapping,
    mappings.customerIds,
    (id) => `No company mapping for customer id "${id}" on the Jakamo Integrations page`,
  );
  checkMapping(
    'cac:SellerSupplierParty/cac:SellerContact/cbc:ID',
    'OrderResponse/SellerSupplierParty/SellerContact/ID',
    JakamoError.SellerContact,
    mappings.sellerContactIds,
    (id) => `No user mapping for seller contact "${id}" on the Jakamo Integrations page`,
  );

  all(root, 'cac:OrderLine').forEach((orderLine, index) => checkLine(orderLine, index + 1, report));
  return { ok: problems.length === 0, problems, warnings };
}

function locationOf(path: string): string {
  return `OrderResponse/${path.replace(/c[ab]c:/g, '')}`;
}

function checkLine(
  orderLine: XmlElement,
  position: number,
  report: (error: JakamoErrorText, detail: string, location: string) => void,
): void {
  const lineItem = first(orderLine, 'cac:LineItem');
  const lineId = text(lineItem, 'cbc:ID');
  const where = `OrderResponse/OrderLine[${position}]/LineItem`;
  const label = `Line ${position}${lineId === undefined ? '' : ` (ID ${lineId})`}`;
  if (lineItem === undefined || lineId === undefined) {
    report(
      JakamoError.IncorrectOrderResponse,
      `${label}: missing or empty mandatory element cac:LineItem/cbc:ID`,
      `${where}/ID`,
    );
  }
  const quantity = text(lineItem, 'cbc:Quantity');
  if (quantity === undefined || !isXsdDecimal(quantity)) {
    const why =
      quantity === undefined
        ? 'has no cbc:Quantity'
        : `has the quantity "${quantity}", which is not a number`;
    report(JakamoError.MissingQuantity, `${label} ${why}`, `${where}/Quantity`);
  }
  const priceAmount = text(lineItem, 'cac:Price/cbc:PriceAmount');
  if (priceAmount === undefined || !isXsdDecimal(priceAmount)) {
    const why =
      priceAmount === undefined
        ? 'has no cac:Price/cbc:PriceAmount'
        : `has the price "${priceAmount}", which is not a number`;
    report(JakamoError.MissingPrice, `${label} ${why}`, `${where}/Price/PriceAmount`);
  }
}
