import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * The intake workflow's input, state, signals and query, shared by the workflow, the drain
 * activity (its result) and the clients (CLI, `npm start`, tests).
 */

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

/** The state of an intake that has not drained yet. */
export function newIntakeState(integration: string): IntakeState {
  return {
    integration,
    paused: false,
    pausedBecause: undefined,
    attention: undefined,
    drains: 0,
    totals: { received: 0, redelivered: 0, handedOff: 0, quarantined: 0, acknowledged: 0 },
    lastDrainAt: undefined,
    lastError: undefined,
  };
}

export const pauseIntakeSignal = defineSignal<[{ reason?: string }]>('pause');
export const resumeIntakeSignal = defineSignal('resume');
export const pollNowSignal = defineSignal('pollNow');
export const intakeStateQuery = defineQuery<IntakeState>('state');
