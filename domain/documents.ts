/**
 * Typed domain view of the UBL 2.1 documents Jakamo puts in the supplier's queue and of the
 * ones the supplier sends back. The codec in `ubl/` produces and consumes these; workflows
 * and activities only ever see these types, never XML.
 *
 * Decimal values (quantities, prices, amounts) are kept as the exact decimal text of the
 * document: binary floating point must never touch money or quantities.
 */

/** An exact decimal, as written in the document (for example "100.00"). */
export type DecimalString = string;

export interface Quantity {
  value: DecimalString;
  unitCode?: string;
}

export interface Amount {
  value: DecimalString;
  currencyId?: string;
}

export interface Period {
  startDate?: string;
  startTime?: string;
  endDate?: string;
  endTime?: string;
}

export interface Address {
  streetName?: string;
  additionalStreetName?: string;
  buildingNumber?: string;
  cityName?: string;
  postalZone?: string;
  countrySubentity?: string;
  countryCode?: string;
  addressLines?: string[];
}

export interface Contact {
  id?: string;
  name?: string;
  telephone?: string;
  email?: string;
}

export interface Party {
  /** cac:PartyIdentification/cbc:ID (first one); what Jakamo's company mappings match on. */
  id?: string;
  idSchemeId?: string;
  /** Every cac:PartyIdentification/cbc:ID, in document order. */
  ids?: string[];
  endpointId?: string;
  endpointSchemeId?: string;
  /** cbc:CustomerAssignedAccountID / cbc:SupplierAssignedAccountID on the customer or supplier party. */
  customerAssignedAccountId?: string;
  supplierAssignedAccountId?: string;
  name?: string;
  address?: Address;
  contact?: Contact;
}

export interface Delivery {
  requestedPeriod?: Period;
  promisedPeriod?: Period;
  address?: Address;
  locationId?: string;
  deliveryPartyName?: string;
}

export interface DeliveryTerms {
  id?: string;
  specialTerms?: string;
  location?: string;
}

export interface Item {
  name?: string;
  description?: string;
  buyersItemId?: string;
  sellersItemId?: string;
  standardItemId?: string;
}

export interface Price {
  amount: Amount;
  baseQuantity?: Quantity;
}

export interface OrderLine {
  /** cac:LineItem/cbc:ID: the key the customer and Jakamo use for the line. */
  lineId: string;
  item: Item;
  quantity?: Quantity;
  price?: Price;
  lineAmount?: Amount;
  requestedDelivery?: Period;
  promisedDelivery?: Period;
  notes: string[];
  /** cac:LineItem/cbc:LineStatusCode, e.g. "Cancelled". */
  lineStatusCode?: string;
}

interface OrderContent {
  /** The customer's order number: cbc:ID of the Order (or OrderReference/ID of an OrderChange). */
  orderNumber: string;
  issueDate?: string;
  issueTime?: string;
  currency?: string;
  buyer: Party;
  seller: Party;
  /** cac:BuyerCustomerParty/cac:BuyerContact and cac:SellerSupplierParty/cac:SellerContact? see parties. */
  delivery?: Delivery;
  deliveryTerms?: DeliveryTerms;
  notes: string[];
  lines: OrderLine[];
}

export interface OrderDocument extends OrderContent {
  kind: 'Order';
}

export interface OrderChangeDocument extends OrderContent {
  kind: 'OrderChange';
  /** cbc:SequenceNumberID: changes are applied only when newer than the last one applied. */
  sequenceNumber?: string;
  /** cbc:ID of the OrderChange document itself. */
  changeId?: string;
}

export interface OrderCancellationDocument {
  kind: 'OrderCancellation';
  orderNumber: string;
  buyer: Party;
  seller: Party;
  issueDate?: string;
  cancellationNote?: string;
}

/** Jakamo's StatusMessage; layout is an assumption, see `domain/status-message-layout.ts`. */
export interface StatusMessageDocument {
  kind: 'StatusMessage';
  orderNumber: string;
  buyerPartyId?: string;
  status: string;
  /** Lines the status applies to; empty means the whole order. */
  lineIds: string[];
  note?: string;
}

/** What can arrive from the SO API queue. */
export type InboundDocument =
  | OrderDocument
  | OrderChangeDocument
  | OrderCancellationDocument
  | StatusMessageDocument;

export type InboundDocumentKind = InboundDocument['kind'];
