import type { OutboundKind } from '../../domain/outbound-kind';
import type { OrderEffect, OrderEffectKind } from './effects';

/** What kind of step an effect is: everything the rules and the runner ask of a kind, in one table. */
export interface EffectKindTraits {
  /** Where the step goes: the ERP's tables (a local activity in the worker) or Jakamo's API. */
  target: 'erp' | 'jakamo';
  /** Changes what the ERP holds of the order: a confirmation waits until such steps are done. */
  changesErp: boolean;
  /** Part of confirming the order (to Jakamo, or recording it in the ERP): a newer confirmation replaces it. */
  confirms: boolean;
  /** Carries confirmed or proposed line terms, from which cancelled lines are taken out. */
  carriesConfirmedLines: boolean;
  /**
   * Still runs once the customer cancelled the whole order: Jakamo refuses anything more about a
   * cancelled order, but the ERP records what happened (the import it cancels, changes, deliveries).
   */
  outlivesOrderCancellation: boolean;
  /** The request it sends Jakamo, as the outbound records name it; undefined for ERP steps. */
  outbound: OutboundKind | undefined;
}

const erpStep = {
  target: 'erp',
  confirms: false,
  carriesConfirmedLines: false,
  outbound: undefined,
} as const;

export const effectKinds: Readonly<Record<OrderEffectKind, EffectKindTraits>> = {
  importSalesOrder: { ...erpStep, changesErp: true, outlivesOrderCancellation: true },
  applyOrderChange: { ...erpStep, changesErp: true, outlivesOrderCancellation: true },
  cancelSalesOrderLines: { ...erpStep, changesErp: true, outlivesOrderCancellation: false },
  recordConfirmation: {
    ...erpStep,
    changesErp: false,
    confirms: true,
    carriesConfirmedLines: true,
    outlivesOrderCancellation: false,
  },
  recordDelivery: { ...erpStep, changesErp: false, outlivesOrderCancellation: true },
  simpleConfirm: {
    target: 'jakamo',
    changesErp: false,
    confirms: true,
    carriesConfirmedLines: false,
    outlivesOrderCancellation: false,
    outbound: 'SimpleConfirm',
  },
  postOrderResponse: {
    target: 'jakamo',
    changesErp: false,
    confirms: true,
    carriesConfirmedLines: true,
    outlivesOrderCancellation: false,
    outbound: 'OrderResponse',
  },
  putDeliveredStatus: {
    target: 'jakamo',
    changesErp: false,
    confirms: false,
    carriesConfirmedLines: false,
    outlivesOrderCancellation: false,
    outbound: 'DeliveredStatus',
  },
};

export const isErpEffect = (effect: OrderEffect): boolean => effectKinds[effect.kind].target === 'erp';
export const changesErp = (effect: OrderEffect): boolean => effectKinds[effect.kind].changesErp;
export const isConfirmationEffect = (effect: OrderEffect): boolean => effectKinds[effect.kind].confirms;
export const outlivesOrderCancellation = (effect: OrderEffect): boolean =>
  effectKinds[effect.kind].outlivesOrderCancellation;

/** The effects whose `lines` are confirmed or proposed terms. */
export type ConfirmedLinesEffect = Extract<OrderEffect, { kind: 'postOrderResponse' | 'recordConfirmation' }>;

export function carriesConfirmedLines(effect: OrderEffect): effect is ConfirmedLinesEffect {
  return effectKinds[effect.kind].carriesConfirmedLines;
}
