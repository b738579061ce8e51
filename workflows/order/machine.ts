import { decide, type Decision } from './decide';
import type { OrderEffect } from './effects';
import type { OrderEvent } from './events';
import type { OrderState } from './state';
import { undecided } from './undecided';

/**
 * The order machine: how events and effects move an order, the one protocol the workflow's loop,
 * the replay plan (client/recovery/replay-plan.ts) and the unit tests all drive. Pure: the caller
 * gives the time and runs the effects.
 *
 *   step(state, event, now)   decide on one event (a decision that throws leaves the order
 *                             waiting for an operator instead of wedging it)
 *   nextEffect(state)         the effect to run now, if any
 *   started(state, effect)    the runner started it (decisions never drop a running effect)
 *   finished(state, outcome)  its outcome came back: no longer running, and decided on
 */

export interface Step extends Decision {
  /** Why `decide` failed on the event (the order now waits in DecisionFailed), if it did. */
  error?: string;
}

export function step(state: OrderState, event: OrderEvent, now: string): Step {
  try {
    return decide(state, event, now);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ...undecided(state, event, now, why), error: why };
  }
}

/**
 * The first pending effect, unless a failed step waits for an operator (it blocks the steps
 * after it) — whether or not one is running.
 */
export function headEffect(state: OrderState): OrderEffect | undefined {
  return state.attention?.effectId === undefined ? state.pendingEffects[0] : undefined;
}

/** The effect the runner starts now: the head, while none runs. */
export function nextEffect(state: OrderState): OrderEffect | undefined {
  return state.runningEffectId === undefined ? headEffect(state) : undefined;
}

export function started(state: OrderState, effect: OrderEffect): OrderState {
  return { ...state, runningEffectId: effect.id };
}

/** An effect's outcome (`effectSucceeded` / `effectFailed`) decided on, with the effect no longer running. */
export function finished(
  state: OrderState,
  outcome: OrderEvent & { type: 'effectSucceeded' | 'effectFailed' },
  now: string,
): Step {
  const idle = state.runningEffectId === outcome.effect.id ? { ...state, runningEffectId: undefined } : state;
  return step(idle, outcome, now);
}
