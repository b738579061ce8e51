import type { OrderStatus } from '../../domain/order-status';
import { OrderStatus as Status } from '../../domain/order-status';
import type { NewOrderEffect, OrderEffect } from './effects';
import type { OrderAttention, OrderDocumentEntry, OrderState } from './state';

/**
 * The working copy one decision changes: a deep copy of the order's state, the effects it
 * queues and the answer to an update. `decide` returns it; nothing outside sees it half-done.
 */
export class Draft {
  readonly state: OrderState;
  readonly effects: OrderEffect[] = [];
  answer: { ok: true; decided: string } | { ok: false; reason: string } | undefined;

  constructor(
    state: OrderState,
    readonly now: string,
  ) {
    this.state = JSON.parse(JSON.stringify(state)) as OrderState;
  }

  moveTo(status: OrderStatus, note?: string): void {
    if (this.state.status === status && note === undefined) return;
    this.state.status = status;
    this.state.history.push({ at: this.now, status, ...(note === undefined ? {} : { note }) });
    if (status === Status.Delivered || status === Status.Cancelled) this.state.quietSince = this.now;
  }

  /** A line in the history that does not change the status. */
  note(note: string): void {
    this.state.history.push({ at: this.now, status: this.state.status, note });
  }

  queue(effect: NewOrderEffect): OrderEffect {
    // The kind is part of the id: an id stays unique to one step even if a reset replays the
    // order onto another timeline, so a record of one step is never taken for another's.
    const queued = { ...effect, id: `e${this.state.nextEffectNumber++}-${effect.kind}` };
    this.state.pendingEffects.push(queued);
    this.effects.push(queued);
    return queued;
  }

  /**
   * Drops queued effects that have not started. The running one always finishes; if it is one
   * of those replaced, its failure will be dropped too instead of raising attention.
   */
  dropPending(which: (effect: OrderEffect) => boolean): OrderEffect[] {
    const running = this.state.pendingEffects.find((effect) => effect.id === this.state.runningEffectId);
    if (running !== undefined && which(running) && !this.state.supersededEffectIds.includes(running.id)) {
      this.state.supersededEffectIds.push(running.id);
    }
    const dropped = this.state.pendingEffects.filter(
      (effect) => effect.id !== this.state.runningEffectId && which(effect),
    );
    if (dropped.length === 0) return dropped;
    this.state.pendingEffects = this.state.pendingEffects.filter((effect) => !dropped.includes(effect));
    if (
      this.state.attention?.effectId !== undefined &&
      dropped.some((e) => e.id === this.state.attention?.effectId)
    ) {
      this.state.attention = undefined;
    }
    return dropped;
  }

  hasPending(which: (effect: OrderEffect) => boolean): boolean {
    return this.state.pendingEffects.some(which);
  }

  raiseAttention(attention: Omit<OrderAttention, 'since'>): void {
    this.state.attention = { ...attention, since: this.now };
  }

  clearAttention(): void {
    this.state.attention = undefined;
  }

  recordDocument(entry: OrderDocumentEntry): void {
    this.state.documents.push(entry);
  }

  accept(decided: string): void {
    this.answer = { ok: true, decided };
  }

  refuse(reason: string): void {
    this.answer = { ok: false, reason };
  }
}
