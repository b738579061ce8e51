import { randomUUID } from 'node:crypto';
import type { OperatorActionOutcome } from '../../db/operator-actions';
import { JakamoCustomer, JakamoOrderNumber } from '../../domain/search-attributes';
import type { OrderState } from '../../workflows/order/state';
import { OrderRequestRefused, retryOrder, showOrder } from '../orders/order-calls';
import { ordersQuery } from '../../domain/order-queries';
import { recordAction, type RecoveryContext } from './context';
import { silentProgress, type Progress } from './progress';
import { formatTable } from '../cli/text-table';
import { plural } from './text';

/**
 * `orders retry --attention [--customer C] [--error-type T] [--dry-run]`: after the cause of
 * many attentions was fixed (a mapping added in Jakamo, the ERP back), every matching order's
 * waiting step is run again. The orders come from Temporal visibility (`NeedsAttention`,
 * `JakamoCustomer`); the attention's error type is not a search attribute, so each order's
 * `state` query says whether it matches — and whether a retry can help at all. Each retry is the
 * order's own `retry` update, with the reason in the order's history, and is recorded in
 * operator_actions. Then the command waits a little for each order to tell what came of it.
 */

export interface BulkRetryOptions {
  customer?: string;
  /** Only attentions of this failure type (for example JakamoMappingMissing). */
  errorType?: string;
  dryRun?: boolean;
  /** Why (kept in each order's history). */
  reason?: string;
  /** How long to wait for the retried steps to finish (0: do not wait). */
  waitMs?: number;
  /** At most this many orders. */
  limit?: number;
}

export type BulkRetryOutcome =
  | 'would retry' // dry run
  | 'done' // retried, and the order has nothing left to do (or waits for the customer / ERP)
  | 'running' // retried; still busy when the wait ended
  | 'needs attention again' // retried; the step failed again
  | 'not retryable' // the attention is one a retry cannot fix (resolve it by hand)
  | 'no longer needs attention' // visibility was behind: someone else answered it
  | 'refused' // the order refused the retry
  | 'failed'; // the call failed

export interface BulkRetryEntry {
  orderKey: string;
  jakamoOrderNumber: string | undefined;
  customer: string | undefined;
  errorType: string | undefined;
  step: string | undefined;
  outcome: BulkRetryOutcome;
  /** The order's status afterwards, the refusal, the new failure, … */
  detail: string;
}

export interface BulkRetryResult {
  entries: BulkRetryEntry[];
  /** Retries that did not go through or did not help (refused, failed, needs attention again). */
  failed: number;
}

const recordedOutcome: Record<BulkRetryOutcome, OperatorActionOutcome> = {
  'would retry': 'done',
  done: 'done',
  running: 'done',
  'needs attention again': 'failed',
  'not retryable': 'refused',
  'no longer needs attention': 'refused',
  refused: 'refused',
  failed: 'failed',
};

const failedOutcomes: ReadonlySet<BulkRetryOutcome> = new Set(['refused', 'failed', 'needs attention again']);

export async function bulkRetry(
  context: RecoveryContext,
  options: BulkRetryOptions = {},
  progress: Progress = silentProgress,
): Promise<BulkRetryResult> {
  const reason = options.reason?.trim() || 'bulk retry after fixing the cause';
  const candidates = await attentionOrders(context, options);
  const entries: BulkRetryEntry[] = [];
  const retried: { entry: BulkRetryEntry; before: OrderState }[] = [];
  const acted: { entry: BulkRetryEntry; step: string }[] = [];

  progress.start(candidates.length, options.dryRun === true ? 'checking' : 'retrying');
  for (const candidate of candidates) {
    let state: OrderState;
    try {
      state = await showOrder(context.client, candidate.orderKey);
    } catch (error) {
      const entry = { ...candidate, errorType: undefined, step: undefined };
      entries.push({ ...entry, outcome: 'failed', detail: messageOf(error) });
      progress.tick(`${candidate.orderKey}: failed`);
      continue;
    }
    const attention = state.attention;
    if (
      options.errorType !== undefined &&
      attention !== undefined &&
      attention.errorType !== options.errorType
    ) {
      progress.tick(`${candidate.orderKey}: ${attention.errorType}, not ${options.errorType}`);
      continue;
    }
    const entry: BulkRetryEntry = {
      ...candidate,
      jakamoOrderNumber: candidate.jakamoOrderNumber ?? state.jakamoOrderNumber,
      errorType: attention?.errorType,
      step: attention?.step,
      outcome: 'would retry',
      detail: attention?.reason ?? '',
    };
    entries.push(entry);
    if (attention === undefined) {
      Object.assign(entry, { outcome: 'no longer needs attention', detail: `status ${state.status}` });
    } else if (!attention.retryable) {
      Object.assign(entry, { outcome: 'not retryable', detail: attention.advice });
    } else if (options.dryRun !== true) {
      try {
        const answer = await retryOrder(
          context.client,
          candidate.orderKey,
          { reason },
          { updateId: `bulk-${randomUUID()}` },
        );
        Object.assign(entry, { outcome: 'running', detail: answer.decided });
        retried.push({ entry, before: state });
      } catch (error) {
        const refused = error instanceof OrderRequestRefused;
        Object.assign(entry, {
          outcome: refused ? 'refused' : 'failed',
          detail: refused ? error.reason : messageOf(error),
        });
      }
      acted.push({ entry, step: `${attention.step} (${attention.errorType})` });
    }
    progress.tick(`${candidate.orderKey}: ${entry.outcome}`);
  }
  progress.finish();

  await awaitOutcomes(context, retried, options.waitMs ?? 0);
  // Recorded with what came of each retry: the order took it (and the step went through or is
  // still running), refused it, or the step failed again.
  for (const { entry, step } of acted) {
    await recordAction(context, {
      action: 'order.retry',
      target: entry.orderKey,
      reason,
      outcome: recordedOutcome[entry.outcome],
      detail: `bulk retry of ${step}: ${entry.outcome}${entry.detail === '' ? '' : ` (${entry.detail})`}`,
    });
  }
  return { entries, failed: entries.filter((entry) => failedOutcomes.has(entry.outcome)).length };
}

type Candidate = Pick<BulkRetryEntry, 'orderKey' | 'jakamoOrderNumber' | 'customer'>;

/** The integration's orders that need attention (per visibility), oldest first. */
async function attentionOrders(context: RecoveryContext, options: BulkRetryOptions): Promise<Candidate[]> {
  const query = ordersQuery(context.integration, {
    needsAttention: true,
    ...(options.customer === undefined ? {} : { customer: options.customer }),
  });
  const seen = new Map<string, Candidate & { startedAt: number }>();
  for await (const execution of context.client.workflow.list({ query })) {
    if (execution.status.name !== 'RUNNING' || seen.has(execution.workflowId)) continue;
    seen.set(execution.workflowId, {
      orderKey: execution.workflowId,
      jakamoOrderNumber: execution.typedSearchAttributes.get(JakamoOrderNumber),
      customer: execution.typedSearchAttributes.get(JakamoCustomer),
      startedAt: execution.startTime.getTime(),
    });
    if (options.limit !== undefined && seen.size >= options.limit) break;
  }
  return [...seen.values()]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map(({ startedAt: _startedAt, ...candidate }) => candidate);
}

/** Polls the retried orders until each has settled or failed again, or the wait is over. */
async function awaitOutcomes(
  context: RecoveryContext,
  retried: { entry: BulkRetryEntry; before: OrderState }[],
  waitMs: number,
): Promise<void> {
  if (waitMs <= 0) return;
  const deadline = Date.now() + waitMs;
  let open = retried;
  while (open.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const still: typeof open = [];
    for (const item of open) {
      let state: OrderState;
      try {
        state = await showOrder(context.client, item.entry.orderKey);
      } catch {
        still.push(item);
        continue;
      }
      const attention = state.attention;
      if (attention !== undefined && attention.since !== item.before.attention?.since) {
        Object.assign(item.entry, {
          outcome: 'needs attention again',
          detail: `${attention.errorType}: ${attention.reason}`,
        });
      } else if (attention === undefined && state.pendingEffects.length === 0) {
        Object.assign(item.entry, { outcome: 'done', detail: `status ${state.status}` });
      } else {
        still.push(item);
      }
    }
    open = still;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The summary for a person: one row per order, then the counts. */
export function formatBulkRetry(result: BulkRetryResult, dryRun: boolean): string {
  if (result.entries.length === 0) return 'No order needs attention that matches.';
  const out = formatTable(
    [
      ['order', 'Jakamo', 'error type', 'outcome', 'detail'],
      ...result.entries.map((entry) => [
        entry.orderKey,
        entry.jakamoOrderNumber ?? '-',
        entry.errorType ?? '-',
        entry.outcome,
        entry.detail.replace(/\s+/g, ' '),
      ]),
    ],
    '',
  );
  const counts = new Map<string, number>();
  for (const entry of result.entries) counts.set(entry.outcome, (counts.get(entry.outcome) ?? 0) + 1);
  out.push(
    '',
    `${dryRun ? 'Dry run: nothing retried. ' : ''}${plural(result.entries.length, 'order')}: ` +
      [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', '),
  );
  return out.join('\n');
}
