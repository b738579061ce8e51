import assert from 'node:assert/strict';
import type { ConfirmationPolicy, ResponseStyle } from '../../domain/confirmation-policy';
import type { JakamoMessageRef, MessageLine } from '../../domain/order-message';
import { newOrderState, type Decision } from '../../workflows/order/decide';
import type { OrderEffect } from '../../workflows/order/effects';
import type { EffectOutcome, EffectResult, OrderEvent } from '../../workflows/order/events';
import { finished, nextEffect, started, step } from '../../workflows/order/machine';
import type { ConfirmRequest, DeliverRequest } from '../../workflows/order/messages';
import type { OrderState } from '../../workflows/order/state';

/**
 * Builders for unit tests of the order workflow's pure decisions: Jakamo messages, ERP and
 * operator events, and an `OrderRun` that drives the order machine (workflows/order/machine.ts)
 * from a fresh `newOrderState`, as the workflow's loop does (no Temporal involved).
 */

export const integration = 'demo';
export const buyerPartyId = 'ACME-FI';
export const orderNumber = 'PO-1001';
export const orderKey = `order:${integration}:${buyerPartyId}:${orderNumber}`;
export const confirmUrl = 'https://jakamo.test/api/order/confirm/JK-1001';

/** One customer line; price 5.00 EUR, delivery 2026-05-04 unless given. */
export function line(
  lineId: string,
  quantity: string | undefined,
  terms: Partial<Omit<MessageLine, 'lineId' | 'quantity'>> = {},
): MessageLine {
  return {
    lineId,
    itemName: `Item ${lineId}`,
    quantity,
    unitCode: 'EA',
    price: '5.00',
    currency: 'EUR',
    deliveryDate: '2026-05-04',
    lineStatusCode: undefined,
    ...terms,
  };
}

export interface MessageOptions {
  /** Content hash; a fresh one when left out. */
  sha?: string;
  /** SequenceNumberID (OrderChange). */
  seq?: string;
  /** Jakamo-Confirm-Url header; an Order has one unless given `undefined` explicitly. */
  confirmUrl?: string | undefined;
  note?: string;
  receivedAt?: string;
}

let messageCount = 0;
const freshSha = (kind: string) => `sha-${kind}-${++messageCount}`;

function messageRef(
  kind: JakamoMessageRef['kind'],
  content: JakamoMessageRef['content'],
  options: MessageOptions,
): JakamoMessageRef {
  return {
    integration,
    sha256: options.sha ?? freshSha(kind),
    kind,
    orderNumber,
    buyerPartyId,
    jakamoOrderNumber: 'JK-1001',
    confirmUrl: 'confirmUrl' in options ? options.confirmUrl : kind === 'Order' ? confirmUrl : undefined,
    sequenceNumber: options.seq,
    receivedAt: options.receivedAt ?? '2026-04-01T07:00:00.000Z',
    content,
  };
}

/** An Order or OrderChange with its lines. */
export function orderMessage(
  kind: 'Order' | 'OrderChange',
  lines: MessageLine[],
  options: MessageOptions = {},
): JakamoMessageRef {
  return messageRef(kind, { kind, lines, note: options.note }, options);
}

export function cancellationMessage(options: MessageOptions = {}): JakamoMessageRef {
  return messageRef('OrderCancellation', { kind: 'OrderCancellation', note: options.note }, options);
}

/** A customer's StatusMessage (no line ids = the whole order). */
export function statusMessage(
  status: string,
  lineIds: string[] = [],
  options: MessageOptions = {},
): JakamoMessageRef {
  return messageRef('StatusMessage', { kind: 'StatusMessage', status, lineIds, note: options.note }, options);
}

let updateCount = 0;
const freshUpdateId = () => `update-${++updateCount}`;

export const jakamoMessage = (message: JakamoMessageRef): OrderEvent => ({ type: 'jakamoMessage', message });
export const erpConfirm = (request: ConfirmRequest = {}, updateId = freshUpdateId()): OrderEvent => ({
  type: 'erpConfirm',
  updateId,
  request,
});
export const erpDeliver = (request: DeliverRequest = {}, updateId = freshUpdateId()): OrderEvent => ({
  type: 'erpDeliver',
  updateId,
  request,
});
export const retry = (reason?: string): OrderEvent => ({ type: 'retry', updateId: freshUpdateId(), reason });
export const resolve = (reason?: string): OrderEvent => ({
  type: 'resolve',
  updateId: freshUpdateId(),
  reason,
});
export const effectSucceeded = (effect: OrderEffect, result: EffectResult = {}): EffectOutcome => ({
  type: 'effectSucceeded',
  effect,
  result,
});
export const effectFailed = (
  effect: OrderEffect,
  errorType = 'JakamoMappingMissing',
  reason = 'No customer mapping found',
): EffectOutcome => ({ type: 'effectFailed', effect, errorType, reason });
export const quietPeriodEnded: OrderEvent = { type: 'quietPeriodEnded' };

export interface RunOptions {
  confirmationPolicy?: ConfirmationPolicy;
  responseStyle?: ResponseStyle;
  quietPeriodMs?: number;
}

/**
 * One order driven through the order machine, event by event, as the workflow's loop does it: a
 * clock that moves one minute per decision, the last decision, and every effect ever queued.
 */
export class OrderRun {
  state: OrderState;
  last: Decision | undefined;
  /** Every effect any decision queued, in order (also the ones done or dropped since). */
  readonly queued: OrderEffect[] = [];
  private minute = 0;

  constructor(options: RunOptions = {}) {
    this.state = newOrderState(
      {
        orderKey,
        integration,
        buyerPartyId,
        orderNumber,
        confirmationPolicy: options.confirmationPolicy ?? 'erp',
        responseStyle: options.responseStyle,
        quietPeriodMs: options.quietPeriodMs,
      },
      this.tick(),
    );
  }

  /** The time of the next decision. */
  tick(): string {
    return new Date(Date.UTC(2026, 3, 1, 8, this.minute++)).toISOString();
  }

  apply(event: OrderEvent): Decision {
    return this.took(step(this.state, event, this.tick()));
  }

  private took(decision: Decision): Decision {
    this.state = decision.state;
    this.last = decision;
    this.queued.push(...decision.effects);
    return decision;
  }

  /** Several events in order; the last decision. */
  send(...events: OrderEvent[]): Decision {
    let decision: Decision | undefined;
    for (const event of events) decision = this.apply(event);
    assert.ok(decision !== undefined, 'send needs at least one event');
    return decision;
  }

  message(message: JakamoMessageRef): Decision {
    return this.apply(jakamoMessage(message));
  }

  /** The first pending effect: the one running, or the one the runner runs next. */
  head(): OrderEffect {
    const effect = this.state.pendingEffects[0];
    assert.ok(effect !== undefined, `nothing is pending (status ${this.state.status})`);
    return effect;
  }

  /** The runner starts the next effect (the workflow marks it running; decisions never drop it). */
  startHead(): OrderEffect {
    const effect = nextEffect(this.state);
    assert.ok(effect !== undefined, `nothing to start (status ${this.state.status})`);
    this.state = started(this.state, effect);
    return effect;
  }

  /** An effect's outcome comes back: no longer running, and decided on. */
  finish(outcome: EffectOutcome): Decision {
    return this.took(finished(this.state, outcome, this.tick()));
  }

  succeedHead(result: EffectResult = {}): Decision {
    return this.finish(effectSucceeded(this.head(), result));
  }

  failHead(errorType?: string, reason?: string): Decision {
    return this.finish(effectFailed(this.head(), errorType, reason));
  }

  /** Runs every pending effect successfully, in order, until nothing is left. */
  settle(): this {
    for (let step = 0; this.state.pendingEffects.length > 0; step++) {
      assert.ok(step < 50, 'effects keep coming');
      assert.equal(
        this.state.attention,
        undefined,
        'settle cannot run effects while the order needs attention',
      );
      // The running effect finishes first; then the runner starts the next one, as the workflow does.
      const running = this.state.pendingEffects.find((effect) => effect.id === this.state.runningEffectId);
      const effect = running ?? nextEffect(this.state);
      assert.ok(effect !== undefined, 'settle runs the next effect, one at a time');
      if (running === undefined) this.state = started(this.state, effect);
      this.finish(effectSucceeded(effect));
    }
    return this;
  }

  kinds(effects: OrderEffect[] = this.state.pendingEffects): string[] {
    return effects.map((effect) => effect.kind);
  }

  lineStatus(lineId: string): string | undefined {
    return this.state.lines.find((candidate) => candidate.lineId === lineId)?.status;
  }
}
