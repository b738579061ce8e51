import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { InboundDocumentKind } from '../domain/documents';
import type { OrderStatus } from '../domain/order-status';
import type { ConfirmationPolicy } from '../config/settings';

/**
 * Signals, queries and updates of the pipeline's workflows, defined once and shared by the
 * workflows, the worker's activities (which signal orders) and the clients (CLI, tests).
 */

// ---- order workflow -------------------------------------------------------------------

/** What intake hands to an order workflow: a reference to an archived message, not the XML. */
export interface JakamoMessageRef {
  integration: string;
  /** Content hash of the archived raw message (`inbound_messages`). */
  sha256: string;
  kind: InboundDocumentKind;
  orderNumber: string;
  buyerPartyId: string;
  jakamoOrderNumber: string | undefined;
  confirmUrl: string | undefined;
  sequenceNumber: string | undefined;
  receivedAt: string;
}

export interface OrderWorkflowInput {
  orderKey: string;
  integration: string;
  buyerPartyId: string;
  orderNumber: string;
  confirmationPolicy: ConfirmationPolicy;
  /** Set when the workflow continues as new: everything it knew so far. */
  carriedState?: OrderState;
}

export interface OrderLineQuantities {
  quantity: string | undefined;
  unitCode: string | undefined;
  price: string | undefined;
  currency: string | undefined;
  deliveryDate: string | undefined;
}

export interface OrderLineState {
  lineId: string;
  itemName: string | undefined;
  requested: OrderLineQuantities;
  confirmed: OrderLineQuantities | undefined;
  status: string;
}

export type DocumentOutcome = 'imported' | 'duplicate' | 'not-handled-yet' | 'ignored';

export interface OrderDocumentEntry {
  sha256: string;
  kind: InboundDocumentKind;
  receivedAt: string;
  outcome: DocumentOutcome;
  note?: string;
}

export interface OrderAttention {
  /** Which step is waiting for an operator (import, confirm, message). */
  step: string;
  /** The ApplicationFailure type (for example JakamoMappingMissing). */
  errorType: string;
  reason: string;
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
  status: OrderStatus;
  lines: OrderLineState[];
  documents: OrderDocumentEntry[];
  history: OrderHistoryEntry[];
  attention: OrderAttention | undefined;
  erpImport: { created: boolean; at: string } | undefined;
  confirmedAt: string | undefined;
}

export const jakamoMessageSignal = defineSignal<[JakamoMessageRef]>('jakamoMessage');
export const orderStateQuery = defineQuery<OrderState>('state');
/** Operator: the cause of NeedsAttention was fixed; run the failed step again. */
export const retryOrderUpdate = defineUpdate<OrderStatus, [{ reason?: string }]>('retry');
/** Operator: the cause of NeedsAttention was handled outside the pipeline; stop waiting and carry on. */
export const cancelAttentionUpdate = defineUpdate<OrderStatus, [{ reason?: string }]>('cancelAttention');

// ---- intake workflow ------------------------------------------------------------------

export interface IntakeWorkflowInput {
  integration: string;
  pollIntervalMs: number;
  drainBudgetMs: number;
  carriedState?: IntakeState;
}

export interface DrainResult {
  received: number;
  redelivered: number;
  handedOff: number;
  quarantined: number;
  acknowledged: number;
  /**
   * Why the drain returned: the queue was empty, its time budget ended, or a transient error
   * interrupted it after it had made progress (the workflow drains again at once; only a
   * drain that makes no progress fails and backs off).
   */
  stoppedBecause: 'empty' | 'budget' | 'interrupted';
  interruptedBy?: string;
}

export interface IntakeState {
  integration: string;
  paused: boolean;
  pausedBecause: string | undefined;
  attention: { errorType: string; reason: string; since: string } | undefined;
  drains: number;
  totals: Omit<DrainResult, 'stoppedBecause' | 'interruptedBy'>;
  lastDrainAt: string | undefined;
  lastError: string | undefined;
}

export const pauseIntakeSignal = defineSignal<[{ reason?: string }]>('pause');
export const resumeIntakeSignal = defineSignal('resume');
export const pollNowSignal = defineSignal('pollNow');
export const intakeStateQuery = defineQuery<IntakeState>('state');
