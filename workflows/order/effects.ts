import type { MessageLine } from '../../domain/order-message';
import type { DeliveredLine, OrderResponsePurpose, ResponseLineTerms } from '../../domain/supplier-terms';
import { shorten } from '../markdown';

/**
 * Effects are data: what the order workflow has decided to do to the ERP or Jakamo. They wait
 * in the order's state and one runner executes them in order, so every step gets retry,
 * NeedsAttention and continue-as-new the same way. `id` is unique within the order and, with
 * the order key, is the idempotency key of the step.
 */

export type OrderEffect =
  | { kind: 'importSalesOrder'; id: string; messageSha256: string }
  | {
      kind: 'applyOrderChange';
      id: string;
      /**
       * `change`: new terms (re-confirmation follows); `acceptance` / `rejection`: the customer's
       * answer to the supplier's proposal (the order's status is already decided).
       */
      purpose: 'change' | 'acceptance' | 'rejection';
      messageSha256: string;
      sequenceNumber: string | undefined;
      lines: MessageLine[];
    }
  | {
      kind: 'cancelSalesOrderLines';
      id: string;
      messageSha256: string;
      lineIds: string[];
      wholeOrder: boolean;
    }
  | {
      kind: 'simpleConfirm';
      id: string;
      note: string | undefined;
      /** The archived Order / OrderChange whose request this confirms. */
      basisSha256: string | undefined;
    }
  | {
      kind: 'postOrderResponse';
      id: string;
      purpose: OrderResponsePurpose;
      /** The archived Order / OrderChange the response answers. */
      basisSha256: string;
      lines: ResponseLineTerms[];
      note: string | undefined;
      sellerContactId: string | undefined;
    }
  | { kind: 'recordConfirmation'; id: string; lines: ResponseLineTerms[]; proposal: boolean }
  | {
      kind: 'putDeliveredStatus';
      id: string;
      lines: DeliveredLine[];
      wholeOrder: boolean;
      note: string | undefined;
    }
  | { kind: 'recordDelivery'; id: string; lines: DeliveredLine[] };

export type OrderEffectKind = OrderEffect['kind'];

/** An effect as decided, before the runner gives it its id. */
export type NewOrderEffect = OrderEffect extends infer E
  ? E extends OrderEffect
    ? Omit<E, 'id'>
    : never
  : never;

/** Business words for an effect: the attention's `step`, logs and activity summaries. */
export function describeEffect(effect: OrderEffect | NewOrderEffect): string {
  switch (effect.kind) {
    case 'importSalesOrder':
      return 'import the sales order into the ERP';
    case 'applyOrderChange':
      return `apply OrderChange${effect.sequenceNumber === undefined ? '' : ` ${effect.sequenceNumber}`} to the ERP`;
    case 'cancelSalesOrderLines':
      return effect.wholeOrder
        ? 'cancel the sales order in the ERP'
        : `cancel line${effect.lineIds.length === 1 ? '' : 's'} ${effect.lineIds.join(', ')} in the ERP`;
    case 'simpleConfirm':
      return 'POST Jakamo-Confirm-Url (confirm as requested)';
    case 'postOrderResponse':
      return `POST OrderResponse (${effect.purpose})`;
    case 'recordConfirmation':
      return 'record the confirmation in the ERP';
    case 'putDeliveredStatus':
      return effect.wholeOrder
        ? 'PUT Delivered (whole order)'
        : `PUT Delivered (line${effect.lines.length === 1 ? '' : 's'} ${effect.lines.map((l) => l.lineId).join(', ')})`;
    case 'recordDelivery':
      return 'record the delivery in the ERP';
  }
}

/**
 * The summary of the effect's activity in the Web UI's timeline ("POST OrderResponse (proposal)",
 * "PUT Delivered (lines 1, 3)"): one line, so a long list of lines is cut short.
 */
export function activitySummary(effect: OrderEffect): string {
  return shorten(describeEffect(effect), 120);
}
