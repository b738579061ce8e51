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

/**
 * Where `Party.id` came from. Jakamo's company mappings match on PartyIdentification/ID; when a
 * document has none the codec falls back, in this order, to EndpointID, the role's
 * CustomerAssignedAccountID, then PartyLegalEntity/CompanyID, and says so here.
 */
export type PartyIdSource =
  'PartyIdentification' | 'EndpointID' | 'CustomerAssignedAccountID' | 'PartyLegalEntity/CompanyID';

export interface Party {
  /** cac:PartyIdentification/cbc:ID (first one); what Jakamo's company mappings match on. */
  id?: string;
  /** Which element `id` was taken from (absent when there is no id). */
  idSource?: PartyIdSource;
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
  /** cac:Party/cac:Contact. */
  contact?: Contact;
  /** The role's contact: cac:BuyerCustomerParty/cac:BuyerContact or cac:SellerSupplierParty/cac:SellerContact. */
  roleContact?: Contact;
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
  /** cac:AdditionalItemProperty (name / value pairs such as colour or size), in document order. */
  properties?: ItemProperty[];
}

export interface ItemProperty {
  name: string;
  value: string;
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
  /** Header cac:Delivery (first one). BuyerContact / SellerContact are on the parties (`roleContact`). */
  delivery?: Delivery;
  deliveryTerms?: DeliveryTerms;
  notes: string[];
  /** cbc:CustomerReference: the buyer's own reference (often a person or project). */
  customerReference?: string;
  /** cac:AnticipatedMonetaryTotal/cbc:PayableAmount: the order total the buyer expects. */
  anticipatedTotal?: Amount;
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
  /**
   * Where `orderNumber` came from: OrderReference/ID (the original order, normal case) or, when the
   * OrderChange carries no OrderReference, its own cbc:ID.
   */
  orderNumberSource?: 'OrderReference/ID' | 'ID';
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
  OrderDocument | OrderChangeDocument | OrderCancellationDocument | StatusMessageDocument;

export type InboundDocumentKind = InboundDocument['kind'];

/** One line of an OrderResponse: what the supplier confirms or proposes for a customer's line. */
export interface OrderResponseLine {
  /** The customer's cac:LineItem/cbc:ID being answered. */
  lineId: string;
  /** Confirmed or proposed quantity (Jakamo answers 400 "LineItem missing Quantity" without it). */
  quantity: Quantity;
  /** Confirmed or proposed price (Jakamo answers 400 "Price\PriceAmount is required." without it). */
  price: Price;
  /** Promised delivery (cac:LineItem/cac:Delivery/cac:PromisedDeliveryPeriod). */
  promisedDelivery?: Period;
  lineAmount?: Amount;
  lineStatusCode?: string;
  item: Item;
  notes: string[];
}

/**
 * A UBL 2.1 OrderResponse as this product builds it (`ubl/build-order-response.ts`) and reads it
 * back (`ubl/parse-order-response.ts`): building then parsing gives back the same object.
 */
export interface OrderResponseDocument {
  kind: 'OrderResponse';
  /** cbc:ID of the response itself (the supplier's document id). */
  responseId: string;
  /** cac:OrderReference/cbc:ID: the customer's order number being answered. */
  orderNumber: string;
  issueDate: string;
  issueTime?: string;
  /** cbc:OrderResponseCode (UNCL 4343, e.g. "AP" accepted, "CA" conditionally accepted). */
  responseCode?: string;
  currency?: string;
  notes: string[];
  /** cac:SellerSupplierParty/cac:SellerContact/cbc:ID: the ERP user id Jakamo's user mapping knows. */
  sellerContactId?: string;
  /** Seller party id / name (optional for Jakamo). */
  sellerPartyId?: string;
  sellerName?: string;
  /** cac:BuyerCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID: the id Jakamo's company mapping knows. */
  buyerPartyId?: string;
  buyerName?: string;
  lines: OrderResponseLine[];
}
