/**
 * The sandbox's vocabulary, shared by the server, the control API and its typed client.
 * Decimal quantities and prices travel as strings so that no float rounding creeps into
 * the "confirmed equals requested" comparison.
 */

/** Order statuses as Jakamo names them (seed section 6). */
export type SandboxOrderStatus =
  | 'Waiting for supplier confirmation'
  | 'Confirmed'
  | 'Waiting for customer action'
  | 'Cancelled'
  | 'Delivered';

export type SandboxLineStatus = SandboxOrderStatus;

/** Quantity, price and delivery date of one line: requested by the customer or confirmed by the supplier. */
export interface SandboxLineTerms {
  quantity: string;
  price: string;
  /** ISO date (YYYY-MM-DD). */
  deliveryDate: string;
}

export interface SandboxLineDelivery {
  quantity: string;
  deliveredAt: string;
}

export interface SandboxOrderLine {
  lineId: string;
  itemName: string;
  sellersItemId: string;
  unitCode: string;
  requested: SandboxLineTerms;
  confirmed?: SandboxLineTerms;
  delivered?: SandboxLineDelivery;
  status: SandboxLineStatus;
}

/** What the supplier sent about an order and what the sandbox answered. */
export type SandboxDocumentKind = 'OrderResponse' | 'Confirm' | 'StatusMessage';

/**
 * One supplier request the sandbox processed for an order (redeliveries and resends included,
 * so counting these per kind counts what Jakamo received), with the answer it gave.
 */
export interface SandboxReceivedDocument {
  kind: SandboxDocumentKind;
  receivedAt: string;
  httpStatus: number;
  responseBody: string;
  /** True when the answer never reached the supplier (`loseNextAnswers`, `lostAnswerRate`). */
  answerLost?: boolean;
}

export interface SandboxOrderState {
  jakamoOrderNumber: string;
  /** The customer's order number (Order/cbc:ID). */
  orderNumber: string;
  integrationId: string;
  /** BuyerCustomerParty/Party/PartyIdentification/ID as sent in the Order (the mapped company identifier). */
  buyerPartyId: string;
  /** The Jakamo company (customer partyId) the order came from. */
  customerPartyId: string;
  currency: string;
  issueDate: string;
  status: SandboxOrderStatus;
  /** SequenceNumberID of the latest OrderChange (0 = none yet). */
  sequenceNumber: number;
  /** Successful simple confirmations (POST to Jakamo-Confirm-Url). */
  confirmations: number;
  /** Accepted OrderResponse documents. */
  orderResponses: number;
  lines: SandboxOrderLine[];
  comments: string[];
  documents: SandboxReceivedDocument[];
}

/** Per-integration fault injection, changeable at run time. Rates are probabilities 0..1. */
export interface SandboxFaults {
  latencyMs: number;
  jitterMs: number;
  /** Rate of injected 500 answers (the request is not processed). */
  errorRate: number;
  /** Rate of connections destroyed before the request is processed. */
  dropRate: number;
  /** Rate of acknowledgements that are processed (message cleared) but whose response is never sent. */
  lostAckRate: number;
  /**
   * Rate of confirmations, OrderResponses and StatusMessage PUTs that are processed (recorded on
   * the order) but whose connection is destroyed without an answer.
   */
  lostAnswerRate: number;
  /** The next N acknowledgements are processed but their connection is destroyed without a response. */
  loseNextAcks: number;
  /** The next N acknowledgements are dropped before they are processed: the message stays queued and is delivered again. */
  dropNextAcks: number;
  /**
   * The next N confirmations, OrderResponses and StatusMessage PUTs are processed but their
   * connection is destroyed without an answer (the supplier cannot tell whether Jakamo has them).
   */
  loseNextAnswers: number;
  /**
   * The next N confirmations, OrderResponses and StatusMessage PUTs are held before they are
   * processed until their client goes (times out, or its process is killed): never processed, the
   * way a worker killed with its request in flight leaves it.
   */
  holdNextDocuments: number;
  /**
   * Confirmations, OrderResponses and StatusMessage PUTs are processed at once, then their answer
   * waits this long: a client that times out, or a worker killed, in that window leaves a request
   * Jakamo has done but the supplier never heard about.
   */
  answerDelayMs: number;
  /**
   * The next confirmations, OrderResponses and StatusMessage PUTs are refused with 400 and these
   * error texts, one per request, before they are processed (for example "LineItem missing Quantity"):
   * Jakamo refusing what the supplier's own checks let through.
   */
  refuseNextDocuments: string[];
  /** Largest accepted request body for this integration; larger → 413. 0 = server default. */
  maxBodyBytes: number;
  /** Seed of the fault dice, so a run can be repeated. */
  seed: number;
}

export interface SandboxIntegrationStats {
  /** Unacknowledged messages in the queue. */
  queued: number;
  /** GETs of the queue that returned a message (redeliveries included). */
  delivered: number;
  /** GETs of the queue answered "No more messages available.". */
  emptyPolls: number;
  acknowledged: number;
  confirmations: number;
  authFailures: number;
  /** OrderResponses accepted (200). */
  orderResponses: number;
  /** OrderResponses rejected (400/500). */
  orderResponsesRejected: number;
  statusMessages: number;
  ordersPlaced: number;
  injectedErrors: number;
  droppedConnections: number;
  lostAcks: number;
  /** Confirmations, OrderResponses and PUTs processed whose answer was lost (`loseNextAnswers`, `lostAnswerRate`). */
  lostAnswers: number;
  /** Requests held by injected latency (`latencyMs`, `jitterMs`) before they were looked at. */
  delayedRequests: number;
  /** Of those, requests whose client went away while they were held: never processed. */
  abandonedRequests: number;
  /** Answers of processed confirmations, OrderResponses and PUTs held back by `answerDelayMs`. */
  delayedAnswers: number;
}

export interface SandboxStats {
  integrations: Record<string, SandboxIntegrationStats>;
  /** Authentication failures whose username matched no integration. */
  unknownUserAuthFailures: number;
  orders: number;
}
