import type { Draft } from './draft';
import { applyEffectSuccess } from './decide-effect-outcome';
import { refuseResolve, refuseRetry } from './validators';

/** The operator's answers to NeedsAttention: `retry` the waiting step, or `resolve` (done by hand). */

export function decideRetry(draft: Draft, reason: string | undefined): void {
  const refused = refuseRetry(draft.state);
  if (refused !== undefined) return draft.refuse(refused);
  const step = draft.state.attention?.step ?? '';
  draft.clearAttention();
  draft.note(`retry ${step}${reason ? `: ${reason}` : ''}`);
  draft.accept(`retry: ${step}`);
}

export function decideResolve(draft: Draft, reason: string | undefined): void {
  const state = draft.state;
  const refused = refuseResolve(state);
  if (refused !== undefined) return draft.refuse(refused);
  const attention = state.attention;
  if (attention === undefined) return;
  draft.clearAttention();
  draft.note(`${attention.step} handled by hand${reason ? `: ${reason}` : ''}`);
  const effect = state.pendingEffects.find((candidate) => candidate.id === attention.effectId);
  if (effect !== undefined) {
    // The step was done outside the pipeline: carry on as if it had succeeded.
    state.pendingEffects = state.pendingEffects.filter((candidate) => candidate.id !== effect.id);
    applyEffectSuccess(draft, effect, { byHand: true });
  } else {
    const document = state.documents.find(
      (candidate) => candidate.outcome === 'held' && candidate.sha256 === attention.documentSha256,
    );
    if (document !== undefined) {
      document.outcome = 'ignored';
      document.note = `${document.note ?? ''}${document.note ? '; ' : ''}handled by hand${reason ? `: ${reason}` : ''}`;
    }
  }
  draft.accept(`resolved: ${attention.step}`);
}
