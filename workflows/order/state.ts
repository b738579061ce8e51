import type { ConfirmationPolicy, ResponseStyle } from '../../domain/confirmation-policy';
import type { DecimalString, InboundDocumentKind } from '../../domain/documents';
import type { LineStatus } from '../../domain/line-status';
import type { OrderStatus } from '../../domain/order-status';
import type { OutboundKind } from '../../domain/outbound-kind';
import type { OrderEffect, OrderEffectKind } from './effects';

/** The order workflow's state: what the `state` query returns and continue-as-new carries. */

export interface OrderWorkflowInput {
  orderKey: string;
  integration: string;
  buyerPartyId: string;
  orderNumber: string;
  confirmationPolicy: ConfirmationPolicy;
  /** How a confirmation as requested is sent (default `simple`). */
  responseStyle?: ResponseStyle;
  /** SellerContact/ID for OrderResponses when the ERP names none (Jakamo's user mapping). */
  defaultSellerContactId?: string;
  /** How long a Delivered or Cancelled order waits for late messages before it completes (ms). */
  quietPeriodMs?: number;
  /** Set when the workflow continues as new: everything it knew so far. */
  carriedState?: OrderState;
}

/** Quantity, price and date of a line as requested, confirmed or proposed. Decimals as text. */
export interface OrderLineTerms {
  quantity: DecimalString | undefined;
  unitCode: string | undefined;
  price: DecimalString | undefined;
  currency: string | undefined;
  deliveryDate: string | undefined;
}

export interface OrderLineState {
  lineId: string;
  itemName: string | undefined;
  /** What the customer asks for now (the latest Order or OrderChange applied). */
  requested: OrderLineTerms;
  /** What the supplier confirmed or, while the line is `Proposed`, proposes. */
  confirmed: OrderLineTerms | undefined;
  /** Quantity delivered so far ("0" before the first delivery). */
  delivered: DecimalString;
  status: LineStatus;
}

/** What became of an inbound document. */
export type DocumentOutcome =
  | 'applied' // imported, changed, cancelled or answered the proposal
  | 'duplicate' // the same message again (same content hash): nothing done
  | 'ignored' // recorded, deliberately not applied (stale sequence number, nothing to do)
  | 'held'; // waiting for an operator (attention)

export interface OrderDocumentEntry {
  sha256: string;
  kind: InboundDocumentKind;
  receivedAt: string;
  sequenceNumber?: string;
  outcome: DocumentOutcome;
  note?: string;
  /** Why a held document needs an operator (the attention's error type). */
  attentionType?: string;
  /** XSD problems found on intake (UBL_INBOUND_VALIDATION=warn): the document was applied all the same. */
  validationProblems?: string[];
}

/** One request the pipeline sent (or tried to send) to Jakamo for this order. */
export interface OutboundEntry {
  /** The effect that sent it: the idempotency key with the order key. */
  effectId: string;
  kind: OutboundKind;
  purpose: string;
  at: string;
  /** HTTP status of Jakamo's answer; undefined when it was never sent (invalid) or no answer came. */
  httpStatus: number | undefined;
  outcome: 'accepted' | 'refused' | 'not-sent';
}

export interface OrderAttention {
  /** The effect waiting for an operator; undefined when no step failed (a message to handle by hand). */
  effectId: string | undefined;
  /** The held inbound document this attention is about (when no step failed). */
  documentSha256?: string;
  /** Which kind of step waits: an effect's kind, or `message` for a held inbound message. */
  stepKind: OrderEffectKind | 'message';
  /** What is waiting, in words (for example "POST OrderResponse (proposal)"). */
  step: string;
  /** The failure type (for example JakamoMappingMissing). */
  errorType: string;
  reason: string;
  /** What the operator can do next, in words with the commands (workflows/order/attention-advice.ts). */
  advice: string;
  /** The command in the advice that answers the attention (retry, resolve, or a confirm to complete). */
  command: string;
  /** The command in the advice for a step that was done by hand meanwhile (resolve), when it is not `command`. */
  byHandCommand?: string;
  /** Whether `retry` can help (runs the step again); otherwise `resolve` after handling it by hand. */
  retryable: boolean;
  since: string;
}

export interface OrderHistoryEntry {
  at: string;
  status: OrderStatus;
  note?: string;
}

/** The whole order as the `state` query returns it. */
export interface OrderState {
  orderKey: string;
  integration: string;
  buyerPartyId: string;
  orderNumber: string;
  jakamoOrderNumber: string | undefined;
  confirmUrl: string | undefined;
  confirmationPolicy: ConfirmationPolicy;
  responseStyle: ResponseStyle;
  defaultSellerContactId: string | undefined;
  quietPeriodMs: number;
  status: OrderStatus;
  lines: OrderLineState[];
  /** Inbound documents, in the order they arrived. */
  documents: OrderDocumentEntry[];
  /** Outbound requests to Jakamo. */
  outbound: OutboundEntry[];
  history: OrderHistoryEntry[];
  attention: OrderAttention | undefined;
  /** The archived Order / OrderChange whose lines are the current request (OrderResponses are built on it). */
  basisSha256: string | undefined;
  /** SequenceNumberID of the last OrderChange applied. */
  lastSequenceNumber: string | undefined;
  erpImport: { created: boolean; at: string } | undefined;
  confirmedAt: string | undefined;
  /** When the quiet period of a Delivered or Cancelled order started. */
  quietSince: string | undefined;
  /** Steps still to run, in order; the first one runs next (or waits for an operator). */
  pendingEffects: OrderEffect[];
  /** The effect whose activity is running now (never dropped by a decision). */
  runningEffectId: string | undefined;
  /** Running effects a newer decision replaced: their failure is dropped, not an attention. */
  supersededEffectIds: string[];
  nextEffectNumber: number;
  /** Ids of ERP updates already decided (so a retried update id is not applied twice). */
  decidedUpdateIds: string[];
}
