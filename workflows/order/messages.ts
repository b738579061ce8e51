import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DecimalString } from '../../domain/documents';
import type { JakamoMessageRef } from '../../domain/order-message';
import type { OrderStatus } from '../../domain/order-status';
import type { OrderState } from './state';

/**
 * The order workflow's signals, updates and query, defined once and shared by the workflow,
 * the intake (which signals orders), the CLI and the tests.
 */

/** One line of the ERP's confirmation; anything left out is confirmed as requested. */
export interface ConfirmLineRequest {
  lineId: string;
  quantity?: DecimalString;
  price?: DecimalString;
  /** Promised delivery date, YYYY-MM-DD. */
  deliveryDate?: string;
}

/** The ERP confirms the order: no lines = everything as requested. */
export interface ConfirmRequest {
  lines?: ConfirmLineRequest[];
  /** Travels to Jakamo (the simple confirmation's Note, or the OrderResponse's Note). */
  note?: string;
  /** SellerContact/ID of the OrderResponse (a user Jakamo's user mapping knows). */
  sellerContactId?: string;
}

/** The ERP delivered: no lines = everything outstanding. */
export interface DeliverRequest {
  lines?: { lineId: string; quantity: DecimalString }[];
  note?: string;
}

export interface OperatorRequest {
  /** Why; kept in the order's history. */
  reason?: string;
}

/** What an accepted update did. */
export interface OrderUpdateAnswer {
  status: OrderStatus;
  /** What the order will do now, in words. */
  decided: string;
}

export const jakamoMessageSignal = defineSignal<[JakamoMessageRef]>('jakamoMessage');
export const orderStateQuery = defineQuery<OrderState>('state');
/** ERP: confirm the order (as requested, or with changes = a proposal). */
export const confirmOrderUpdate = defineUpdate<OrderUpdateAnswer, [ConfirmRequest]>('confirm');
/** ERP: goods delivered (some lines / quantities, or everything outstanding). */
export const deliverOrderUpdate = defineUpdate<OrderUpdateAnswer, [DeliverRequest]>('deliver');
/** Operator: the cause of NeedsAttention was fixed; run the waiting step again. */
export const retryOrderUpdate = defineUpdate<OrderUpdateAnswer, [OperatorRequest]>('retry');
/** Operator: the waiting step was done by hand (in the ERP or Jakamo); drop it and carry on. */
export const resolveOrderUpdate = defineUpdate<OrderUpdateAnswer, [OperatorRequest]>('resolve');
