import type { JakamoMessageRef } from '../../domain/order-message';
import type { OrderEffect } from './effects';
import type { ConfirmRequest, DeliverRequest } from './messages';

/** What an effect's activity answered (only the import has something to say). */
export type EffectResult = { created?: boolean; alreadySent?: boolean; httpStatus?: number };

/**
 * Everything that can happen to an order, as one inbox of typed events. Handlers only validate
 * and enqueue; the workflow's loop hands each event to `decide`.
 */
export type OrderEvent =
  | { type: 'jakamoMessage'; message: JakamoMessageRef }
  | { type: 'erpConfirm'; updateId: string; request: ConfirmRequest }
  | { type: 'erpDeliver'; updateId: string; request: DeliverRequest }
  | { type: 'retry'; updateId: string; reason: string | undefined }
  | { type: 'resolve'; updateId: string; reason: string | undefined }
  | { type: 'effectSucceeded'; effect: OrderEffect; result: EffectResult }
  | { type: 'effectFailed'; effect: OrderEffect; errorType: string; reason: string }
  | { type: 'quietPeriodEnded' };

export type OrderEventType = OrderEvent['type'];

/** What came of an effect's step: the event the runner hands back to the machine. */
export type EffectOutcome = Extract<OrderEvent, { type: 'effectSucceeded' | 'effectFailed' }>;
