import { PipelineFailureType } from '../../domain/failure-types';
import { afterFixAdvice } from './attention-advice';
import type { Decision } from './decide';
import type { OrderEvent } from './events';
import type { OrderState } from './state';

/**
 * A bug in a decision must not wedge the order (a workflow task that fails is retried forever):
 * the order keeps its state and waits for an operator with what went wrong.
 */
/** The decision when `decide` itself failed: nothing changes but a flag for an operator. */
export function undecided(state: OrderState, event: OrderEvent, now: string, why: string): Decision {
  const reason = `the pipeline could not decide on ${event.type} (${why}): a bug — report it with the order's history`;
  const effectId =
    event.type === 'effectSucceeded' || event.type === 'effectFailed' ? event.effect.id : undefined;
  const next: OrderState = {
    ...state,
    attention: {
      effectId,
      stepKind:
        event.type === 'effectSucceeded' || event.type === 'effectFailed' ? event.effect.kind : 'message',
      step: `decide on ${event.type}`,
      errorType: PipelineFailureType.DecisionFailed,
      reason,
      ...afterFixAdvice(state.orderKey, effectId !== undefined),
      retryable: effectId !== undefined,
      since: now,
    },
    documents:
      event.type === 'jakamoMessage'
        ? [
            ...state.documents,
            {
              sha256: event.message.sha256,
              kind: event.message.kind,
              receivedAt: event.message.receivedAt,
              outcome: 'held',
              note: reason,
            },
          ]
        : state.documents,
  };
  const answer = 'updateId' in event ? { ok: false as const, reason } : undefined;
  return { state: next, effects: [], answer };
}
