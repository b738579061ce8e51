import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { IntakeActivities } from '../activities/types';
import { JakamoErrorType } from '../domain/failure-types';
import { NeedsAttention } from '../domain/search-attributes';
import { intakeDetails } from './intake-details';
import {
  newIntakeState,
  intakeStateQuery,
  pauseIntakeSignal,
  pollNowSignal,
  resumeIntakeSignal,
  type IntakeState,
  type IntakeWorkflowInput,
} from './intake-messages';

const authenticationFailed = JakamoErrorType.AuthenticationFailed;

/**
 * One integration's queue intake (DESIGN.md 4.1): keeps a queue-draining activity running,
 * sleeps the poll interval on a durable timer when the queue is empty, and pauses — instead
 * of spinning — when Jakamo refuses the credentials.
 */
export async function intakeWorkflow(input: IntakeWorkflowInput): Promise<void> {
  const state: IntakeState = input.carriedState ?? newIntakeState(input.integration);
  let pollNow = false;
  // The Web UI's "current details" (user metadata, no command): shown again after each change.
  const showDetails = () => setCurrentDetails(intakeDetails(state, input));
  showDetails();

  setHandler(intakeStateQuery, () => state);
  setHandler(pauseIntakeSignal, ({ reason }) => {
    state.paused = true;
    state.pausedBecause = reason ?? 'paused by an operator';
    showDetails();
  });
  setHandler(resumeIntakeSignal, () => {
    state.paused = false;
    state.pausedBecause = undefined;
    if (state.attention !== undefined) {
      state.attention = undefined;
      upsertSearchAttributes([{ key: NeedsAttention, value: false }]);
    }
    pollNow = true;
    showDetails();
  });
  setHandler(pollNowSignal, () => {
    pollNow = true;
  });

  // The drain's own budget plus room for one slow request. The drain heartbeats every 2 s, also
  // while a request waits, so a drain on a worker that died is retried within seconds.
  const { drainQueue } = proxyActivities<IntakeActivities>({
    summary: "drain Jakamo's queue: GET, archive, hand off, acknowledge",
    startToCloseTimeout: input.drainBudgetMs + 5 * 60_000,
    heartbeatTimeout: '10 seconds',
    retry: {
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      nonRetryableErrorTypes: [authenticationFailed],
    },
  });

  for (let round = 0; ; round++) {
    if (state.paused) {
      log.info('Intake paused', { integration: state.integration, reason: state.pausedBecause });
      await condition(() => !state.paused);
    }
    let queueEmpty = true;
    pollNow = false; // this drain answers any poll request made so far
    try {
      const result = await drainQueue({ integration: state.integration, budgetMs: input.drainBudgetMs });
      state.drains++;
      state.lastDrainAt = new Date().toISOString();
      state.lastError = result.interruptedBy;
      if (state.attention !== undefined) {
        state.attention = undefined;
        upsertSearchAttributes([{ key: NeedsAttention, value: false }]);
      }
      for (const key of Object.keys(state.totals) as (keyof IntakeState['totals'])[]) {
        state.totals[key] += result[key];
      }
      queueEmpty = result.stoppedBecause === 'empty';
      showDetails();
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      const cause = error.cause;
      const message = cause?.message ?? error.message;
      state.lastError = message;
      if (cause instanceof ApplicationFailure && cause.type === authenticationFailed) {
        state.paused = true;
        state.pausedBecause = 'Authentication failed.';
        state.attention = {
          errorType: authenticationFailed,
          reason: message,
          since: new Date().toISOString(),
        };
        upsertSearchAttributes([{ key: NeedsAttention, value: true }]);
        log.error('Jakamo refused the integration credentials; intake paused until resumed', {
          integration: state.integration,
          reason: message,
        });
        showDetails();
        continue;
      }
      // Only non-retryable failures get here (transient ones are retried inside the activity).
      state.attention = {
        errorType:
          cause instanceof ApplicationFailure ? (cause.type ?? 'ApplicationFailure') : 'ActivityFailure',
        reason: message,
        since: new Date().toISOString(),
      };
      upsertSearchAttributes([{ key: NeedsAttention, value: true }]);
      log.warn('Queue drain failed; trying again after the poll interval', {
        integration: state.integration,
        reason: message,
      });
      showDetails();
    }

    if (workflowInfo().continueAsNewSuggested || round >= 1000) {
      // A fresh history keeps replay cheap; signal handlers must finish before handing over.
      await condition(allHandlersFinished);
      return await continueAsNew<typeof intakeWorkflow>({ ...input, carriedState: state });
    }
    if (queueEmpty) {
      await condition(() => pollNow || state.paused, input.pollIntervalMs);
      pollNow = false;
    }
  }
}
