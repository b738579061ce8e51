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
  /** cbc:ID: the buyer's own id of this delivery (for example a schedule line number). */
  id?: string;
  /** cbc:Quantity: what this delivery brings; set on the deliveries of a line's schedule. */
  quantity?: Quantity;
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

/**
 * A price as the document states it: `amount` is the price of `baseQuantity` units (cbc:BaseQuantity,
 * 1 when absent), so "30 EUR per 2 PCS" is `{ amount: 30, baseQuantity: 2 PCS }`, never a unit
 * price of 30. A line's amount is quantity × amount ÷ base quantity (`lineAmountOf`).
 */
export interface Price {
  amount: Amount;
  baseQuantity?: Quantity;
}

/** cac:TaxCategory: the tax rate that applies. */
export interface TaxCategory {
  /** cbc:ID (UNCL 5305, e.g. "S" standard rate, "Z" zero rated, "E" exempt). */
  id?: string;
  /** cbc:Percent, exact text (24 = 24 %). */
  percent?: DecimalString;
  /** cac:TaxScheme/cbc:ID (e.g. "VAT"). */
  taxSchemeId?: string;
}

/** A header cac:AllowanceCharge: a discount or a surcharge on the whole order. */
export interface AllowanceCharge {
  /** cbc:ChargeIndicator: true = a charge (adds to the order), false = an allowance (deducts). */
  chargeIndicator: boolean;
  /** cbc:AllowanceChargeReasonCode (UNCL 5189 for allowances, UNCL 7161 for charges). */
  reasonCode?: string;
  /** cbc:AllowanceChargeReason (several joined by a line break). */
  reason?: string;
  /**
   * cbc:MultiplierFactorNumeric, exact text: the factor applied to `baseAmount`. Peppol BIS writes
   * it as a percentage (5 = 5 %), plain UBL as a factor (0.05); it is kept as written.
   */
  multiplierFactor?: DecimalString;
  /** cbc:Amount: the allowance or charge itself (mandatory in UBL). */
  amount: Amount;
  /** cbc:BaseAmount: what the factor was applied to. */
  baseAmount?: Amount;
  /** The first cac:TaxCategory: the tax rate of the allowance or charge. */
  taxCategory?: TaxCategory;
}

/** cac:TaxTotal/cac:TaxSubtotal: the tax of one rate. */
export interface TaxSubtotal {
  taxableAmount?: Amount;
  taxAmount: Amount;
  /** cbc:Percent of the subtotal (the category's percent is on `category`). */
  percent?: DecimalString;
  category?: TaxCategory;
}

/** cac:TaxTotal: the tax the buyer expects, in total and per rate. */
export interface TaxTotal {
  /** cbc:TaxAmount (mandatory in UBL). */
  taxAmount: Amount;
  subtotals: TaxSubtotal[];
}

/**
 * A header cac:AdditionalDocumentReference: a drawing, a specification or another attachment the
 * order refers to. Only the reference is read: an embedded file's base64 content stays in the
 * archived message and is never copied into the parsed document.
 */
export interface AttachmentReference {
  /** cbc:ID (mandatory in UBL). */
  id?: string;
  /** cbc:DocumentTypeCode (UNCL 1001, e.g. 916 related document). */
  documentTypeCode?: string;
  /** cbc:DocumentType, free text. */
  documentType?: string;
  /** cbc:DocumentDescription (several joined by a line break). */
  description?: string;
  /** cac:Attachment/cac:ExternalReference/cbc:URI: where the file can be fetched. */
  externalUri?: string;
  /** The embedded file's `filename`, else ExternalReference/cbc:FileName. */
  fileName?: string;
  /** The embedded file's `mimeCode`, else ExternalReference/cbc:MimeCode. */
  mimeCode?: string;
  /** True when the file itself is embedded (cac:Attachment/cbc:EmbeddedDocumentBinaryObject). */
  embedded?: boolean;
}

export interface OrderLine {
  /** cac:LineItem/cbc:ID: the key the customer and Jakamo use for the line. */
  lineId: string;
  item: Item;
  quantity?: Quantity;
  price?: Price;
  lineAmount?: Amount;
  /** The requested period of the line's (first) cac:Delivery; `requestedPeriodOf` gives the header period to a line without one. */
  requestedDelivery?: Period;
  /** The promised period of the line's (first) cac:Delivery. */
  promisedDelivery?: Period;
  /**
   * Every cac:LineItem/cac:Delivery in document order, when the line has more than one: a delivery
   * schedule (quantities on different dates). Absent for a line with one delivery or none.
   */
  deliveries?: Delivery[];
  notes: string[];
  /** cac:LineItem/cbc:LineStatusCode, e.g. "Cancelled". */
  lineStatusCode?: string;
}

interface OrderContent {
  /** The customer's order number: cbc:ID of the Order (or OrderReference/ID of an OrderChange). */
  orderNumber: string;
  issueDate?: string;
  issueTime?: string;
  /** cbc:OrderTypeCode (UNCL 1001, e.g. 220 order, 227 consignment order); an Order's only. */
  orderTypeCode?: string;
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
  /** Header cac:AllowanceCharge, in document order (absent when there is none). */
  allowanceCharges?: AllowanceCharge[];
  /** cac:TaxTotal, in document order (absent when there is none). */
  taxTotals?: TaxTotal[];
  /** cac:AdditionalDocumentReference, in document order (absent when there is none). */
  attachments?: AttachmentReference[];
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
  /** cac:OrderReference/cbc:ID: the order being cancelled. */
  orderNumber: string;
  /** cbc:ID of the OrderCancellation document itself. */
  cancellationId?: string;
  buyer: Party;
  seller: Party;
  issueDate?: string;
  issueTime?: string;
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
  /** cac:OrderLineReference/cbc:LineID: the customer's order line this line answers. */
  orderLineReference?: string;
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
  /** `schemeID` of the seller's PartyIdentification/ID, as the order gave it. */
  sellerPartyIdSchemeId?: string;
  /** The seller's cbc:EndpointID and its `schemeID`, as the order gave them. */
  sellerEndpointId?: string;
  sellerEndpointSchemeId?: string;
  sellerName?: string;
  /** cac:BuyerCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID: the id Jakamo's company mapping knows. */
  buyerPartyId?: string;
  /** `schemeID` of the buyer's PartyIdentification/ID, as the order gave it. */
  buyerPartyIdSchemeId?: string;
  /** The buyer's cbc:EndpointID and its `schemeID`, as the order gave them. */
  buyerEndpointId?: string;
  buyerEndpointSchemeId?: string;
  buyerName?: string;
  lines: OrderResponseLine[];
}

/**
 * The period a line (or one delivery of its schedule) asks to be delivered in: its own requested
 * period when that names a date, else the order's header period. A line without its own delivery
 * period takes the header's. The period is taken whole, never mixed from the two.
 */
export function requestedPeriodOf(own: Period | undefined, header: Period | undefined): Period | undefined {
  if (hasDate(own)) return own;
  return hasDate(header) ? header : undefined;
}

function hasDate(period: Period | undefined): period is Period {
  return period?.startDate !== undefined || period?.endDate !== undefined;
}
