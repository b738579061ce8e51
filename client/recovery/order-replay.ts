import { orderCommand, quarantineCommand } from '../../domain/commands';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { MessageArchive } from '../../db/message-archive';
import { currentActor } from '../../db/operator-actions';
import { OutboundDocuments } from '../../db/outbound-documents';
import type { InboundMessage } from '../../db/schema';
import type { orderWorkflow } from '../../workflows/order';
import { newOrderState } from '../../workflows/order/decide';
import { orderStartOptions } from '../../activities/order/order-start-options';
import type { OrderState, OrderWorkflowInput } from '../../workflows/order/state';
import { OrderNotFound } from '../orders/order-reference';
import { messageRefOf, routeArchivedMessage } from '../../domain/message-routing';
import { recordAction, RecoveryRefused, type RecoveryContext } from './context';
import {
  describeLatestRun,
  fetchRunHistory,
  inputsOfRun,
  listOrderRuns,
  mergeRunInputs,
  type OrderRun,
  type RunInputs,
} from './order-history';
import { planReplay, type DoneRecords, type ReplayInput, type ReplayPlan } from './replay-plan';
import { formatTable } from '../cli/text-table';

/**
 * `order replay <key>`: an order whose workflow was terminated, failed or lost gets a fresh
 * workflow, rebuilt from what the connector kept — nothing is fetched from Jakamo again, and
 * nothing is imported, confirmed or delivered twice.
 *
 * Design. The inputs are the archived messages of the order (`inbound_messages`, parsed again
 * as the intake parses them) and the ERP's and the operator's updates (`confirm`, `deliver`,
 * `retry`, `resolve`), which only Temporal recorded: they are read from the histories of the
 * order's earlier runs, which Temporal keeps for the namespace's retention after a run ends. The
 * order's own rules (`decide`) run over them in their original order, here, and every step they
 * queue is looked up in the records of what was done (replay-plan.ts): the sales order and the
 * ERP's ledger, the outbound records of requests to Jakamo. The result — the order as it stood,
 * with the steps nobody recorded as done still pending — starts the fresh workflow as its
 * carried state (`carriedState`, the input continue-as-new uses), so the fresh workflow repeats
 * no step that was done and runs the ones that were not, under their original ids (their records
 * protect them too). No workflow change is needed, and the fresh history starts with the whole
 * order in its input.
 *
 * Refused: while a run of the order is still running (terminate it first, or reset it); for an
 * order that completed normally; and when a record of work done is not accounted for by the
 * replayed inputs (the history that held the ERP's updates is gone, or the inputs raced their
 * steps differently), unless `--force` — then the fresh workflow takes over where the inputs
 * lead, and the ERP sends its updates again in their order (their steps find their records).
 */

export interface ReplayOptions {
  dryRun?: boolean;
  /** Why (kept in the order's history and in operator_actions). */
  reason?: string;
  /** Start the fresh workflow even when records are not accounted for. */
  force?: boolean;
}

/** Where the replay's inputs came from. */
export interface ReplaySources {
  runs: { runId: string; status: string; startedAt: string; inputs: number; historyMissing?: string }[];
  archivedMessages: number;
  /** The first run's history was not kept: the replay started from the state it carried, or a new order. */
  startedFrom: 'first run' | 'carried state' | 'archive only';
}

export interface ReplayResult {
  orderKey: string;
  sources: ReplaySources;
  plan: ReplayPlan;
  /** Quarantined messages that belong to the order (kept while it was not running): reprocess them after the replay. */
  quarantined: { id: string; kind: string | undefined; receivedAt: string; reason: string | undefined }[];
  dryRun: boolean;
  /** The fresh workflow's run id, once started. */
  runId: string | undefined;
}

const endedStatuses = new Set(['TERMINATED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'CANCELED']);

/** Plans the replay and, unless `dryRun`, starts the fresh workflow and records the action. */
export async function replayOrder(
  context: RecoveryContext,
  key: string,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const reason = options.reason?.trim() || 'replayed from the archive';
  const refuse = async (message: string): Promise<never> => {
    if (options.dryRun !== true) {
      await recordAction(context, {
        action: 'order.replay',
        target: key,
        reason,
        outcome: 'refused',
        detail: message,
      });
    }
    throw new RecoveryRefused(message);
  };

  const latest = await describeLatestRun(context.client, key);
  if (latest?.status === 'RUNNING') {
    return refuse(
      `Order ${key} is still running (run ${latest.runId}): a replay starts a fresh workflow, so it only takes an order whose workflow has ended. ` +
        `If it is stuck on a bug that has been fixed, reset it instead: ${orderCommand('reset', key, '--dry-run')}. ` +
        `To replay it anyway, terminate it first (temporal workflow terminate --workflow-id '${key}' --reason "…"), then replay.`,
    );
  }
  if (latest?.status === 'COMPLETED') {
    return refuse(
      `Order ${key} completed normally (after its quiet period): there is nothing to replay. Messages that came later are in the quarantine (jakamo-so quarantine).`,
    );
  }
  if (latest !== undefined && !endedStatuses.has(latest.status)) {
    return refuse(
      `Order ${key} is ${latest.status}: a replay takes an order whose workflow was terminated, failed or lost`,
    );
  }

  const archive = new MessageArchive(context.db);
  const runs = latest === undefined ? [] : await readRuns(context, key);
  const archived = await archive.listHandedOffForOrder(context.integration, key);
  if (runs.length === 0 && archived.length === 0) {
    throw new OrderNotFound(key, `Nothing to replay: no workflow and no archived message for order ${key}`);
  }

  const refs = new Map<string, ReplayInput & { type: 'message' }>();
  for (const record of archived) {
    const routing = routeArchivedMessage(context.integration, record.raw_xml);
    if (!routing.ok) {
      return refuse(
        `The archived message ${record.sha256.slice(0, 12)} of order ${key} cannot be read any more (${routing.reason}): it cannot be replayed`,
      );
    }
    if (routing.orderKey !== key) {
      return refuse(
        `The archived message ${record.sha256.slice(0, 12)} is filed under ${key} but names ${routing.orderKey}: check the archive`,
      );
    }
    refs.set(record.sha256, {
      type: 'message',
      at: record.first_received_at,
      ref: messageRefOf(record, routing),
    });
  }

  const withHistory = runs.filter((run) => run.inputs !== undefined) as (RunInputs & {
    historyMissing?: string;
  })[];
  const first = withHistory[0];
  let initial: OrderState;
  let startInput: OrderWorkflowInput;
  let startedFrom: ReplaySources['startedFrom'];
  if (first?.start !== undefined) {
    const { carriedState, ...input } = first.start;
    startInput = input;
    if (carriedState !== undefined) {
      initial = carriedState;
      startedFrom = 'carried state';
    } else {
      initial = newOrderState(input, first.run.startTime.toISOString());
      startedFrom = 'first run';
    }
  } else {
    const firstMessage = [...refs.values()][0];
    if (firstMessage === undefined)
      return refuse(`No archived message and no history of order ${key}: nothing to replay from`);
    const { buyerPartyId, orderNumber } = firstMessage.ref;
    startInput = {
      orderKey: key,
      integration: context.integration,
      buyerPartyId,
      orderNumber,
      ...context.orderDefaults.forCustomer(context.integration, buyerPartyId),
    };
    initial = newOrderState(startInput, firstMessage.at);
    startedFrom = 'archive only';
  }

  // The inputs in their original order: the histories' order, with archived messages no
  // history has (a run whose history is gone) placed by the time they were received.
  const recorded = mergeRunInputs(withHistory);
  const inputs: ReplayInput[] = [];
  const known = new Set(initial.documents.map((document) => document.sha256));
  for (const input of recorded) {
    if (input.type === 'update') {
      inputs.push(input);
      continue;
    }
    if (known.has(input.sha256)) continue;
    const message = refs.get(input.sha256);
    if (message === undefined) {
      return refuse(
        `Run ${input.runId} of order ${key} received message ${input.sha256.slice(0, 12)} (${input.kind ?? '?'}), but the archive has no such message for the order: it cannot be replayed from the archive`,
      );
    }
    known.add(input.sha256);
    inputs.push({ ...message, at: input.at });
  }
  for (const message of refs.values()) {
    if (known.has(message.ref.sha256)) continue;
    const index = inputs.findIndex((input) => input.at > message.at);
    inputs.splice(index === -1 ? inputs.length : index, 0, message);
  }

  const plan = planReplay(initial, inputs, await loadRecords(context, key));
  const result: ReplayResult = {
    orderKey: key,
    sources: {
      runs: runs.map((run) => ({
        runId: run.run.runId,
        status: run.run.status,
        startedAt: run.run.startTime.toISOString(),
        inputs: run.inputs?.length ?? 0,
        ...(run.historyMissing === undefined ? {} : { historyMissing: run.historyMissing }),
      })),
      archivedMessages: archived.length,
      startedFrom,
    },
    plan,
    quarantined: await quarantinedOf(context, archive, key),
    dryRun: options.dryRun === true,
    runId: undefined,
  };
  if (options.dryRun === true) return result;
  if (plan.unaccounted.length > 0 && options.force !== true) {
    return refuse(
      `The replay would not account for work already done for order ${key}:\n` +
        plan.unaccounted.map((line) => `  - ${line}`).join('\n') +
        `\nThe inputs found (${inputs.length}) do not lead to these steps — the history that held the ERP's updates is gone, or inputs raced their steps. ` +
        'Look at the plan (--dry-run). With --force the fresh workflow takes over where the inputs lead; then have the ERP send its confirm / deliver again in their original order (their steps find their records and send nothing twice).',
    );
  }

  const actor = context.actor ?? currentActor();
  const now = new Date().toISOString();
  const state: OrderState = {
    ...plan.state,
    history: [
      ...plan.state.history,
      {
        at: now,
        status: plan.state.status,
        note: `replayed into a fresh workflow from the archive${actor === undefined ? '' : ` by ${actor}`}: ${reason}`,
      },
    ],
  };
  let runId: string;
  try {
    const handle = await context.client.workflow.start<typeof orderWorkflow>(
      'orderWorkflow',
      orderStartOptions(
        { ...startInput, carriedState: state },
        { taskQueue: context.taskQueue, jakamoOrderNumber: undefined, life: 'next' },
      ),
    );
    runId = handle.firstExecutionRunId;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      return refuse(
        `Order ${key} was started by someone else meanwhile: look at it (${orderCommand('show', key)})`,
      );
    }
    await recordAction(context, {
      action: 'order.replay',
      target: key,
      reason,
      outcome: 'failed',
      detail: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
  await recordAction(context, {
    action: 'order.replay',
    target: key,
    reason,
    outcome: 'done',
    detail:
      `fresh run ${runId}: ${state.status}, ${plan.steps.filter((step) => step.kind === 'done').length} steps already done, ` +
      `${plan.pending.length} to run${plan.unaccounted.length > 0 ? `, ${plan.unaccounted.length} records not accounted for (--force)` : ''}`,
  });
  return { ...result, runId };
}

interface ReadRun extends Partial<RunInputs> {
  run: OrderRun;
  historyMissing?: string;
}

async function readRuns(context: RecoveryContext, key: string): Promise<ReadRun[]> {
  const runs = await listOrderRuns(context.client, key);
  const read: ReadRun[] = [];
  for (const run of runs) {
    try {
      read.push(inputsOfRun(run, await fetchRunHistory(context.client, key, run.runId)));
    } catch (error) {
      read.push({ run, historyMissing: error instanceof Error ? error.message : String(error) });
    }
  }
  return read;
}

async function loadRecords(context: RecoveryContext, key: string): Promise<DoneRecords> {
  const salesOrder = await context.db
    .selectFrom('sales_orders')
    .select(['source_message_sha256', 'created_at'])
    .where('order_key', '=', key)
    .executeTakeFirst();
  const ledger = await context.db
    .selectFrom('erp_applied_documents')
    .select(['document_id', 'kind', 'applied_at'])
    .where('order_key', '=', key)
    .orderBy('applied_at')
    .execute();
  const outbound = (await new OutboundDocuments(context.db).listForOrder(key)).filter(
    (record) => record.integration === context.integration,
  );
  return {
    salesOrder:
      salesOrder === undefined
        ? undefined
        : { sourceSha256: salesOrder.source_message_sha256, at: salesOrder.created_at },
    ledger: ledger.map((row) => ({ documentId: row.document_id, kind: row.kind, at: row.applied_at })),
    outbound,
  };
}

/** Quarantined messages (not yet reprocessed or discarded) that name this order. */
async function quarantinedOf(
  context: RecoveryContext,
  archive: MessageArchive,
  key: string,
): Promise<ReplayResult['quarantined']> {
  const belongs = (record: InboundMessage) => {
    const routing = routeArchivedMessage(context.integration, record.raw_xml);
    return routing.ok && routing.orderKey === key;
  };
  return (await archive.listOpenQuarantine(context.integration)).filter(belongs).map((record) => ({
    id: record.sha256,
    kind: record.document_kind ?? record.root_element ?? undefined,
    receivedAt: record.first_received_at,
    reason: record.error ?? undefined,
  }));
}

/** The replay for a person: where the inputs came from, the steps, what the fresh workflow will do. */
export function formatReplay(result: ReplayResult): string {
  const { plan, sources } = result;
  const out: string[] = [];
  out.push(`${result.dryRun ? 'Replay plan (dry run: nothing started)' : 'Replay'} of ${result.orderKey}`);
  out.push(
    `  inputs: ${sources.archivedMessages} archived message${sources.archivedMessages === 1 ? '' : 's'}; ` +
      (sources.runs.length === 0
        ? 'no earlier run in Temporal (the ERP and operator updates are not known)'
        : `ERP / operator updates from ${sources.runs.length} earlier run${sources.runs.length === 1 ? '' : 's'}`) +
      (sources.startedFrom === 'carried state' ? ' (from the state the oldest kept run carried)' : ''),
  );
  for (const run of sources.runs.filter((candidate) => candidate.historyMissing !== undefined)) {
    out.push(`  run ${run.runId}: history not readable (${run.historyMissing})`);
  }
  out.push('', 'Steps');
  out.push(
    ...formatTable(
      plan.steps.map((step) => [step.at, step.kind === 'input' ? 'in' : 'done', step.what, step.outcome]),
    ),
  );
  out.push(
    '',
    `The order then: ${plan.state.status}${plan.state.attention === undefined ? '' : ` · NEEDS ATTENTION (${plan.state.attention.step})`}`,
  );
  if (plan.pending.length === 0)
    out.push('  Nothing left to run: the fresh workflow waits for the next message or update.');
  else {
    out.push('  The fresh workflow runs:');
    out.push(
      ...formatTable(
        plan.pending.map((step) => [step.effectId, step.step, step.why]),
        '    ',
      ),
    );
  }
  if (plan.warnings.length > 0) {
    out.push('', 'Decided differently now');
    out.push(...plan.warnings.map((line) => `  - ${line}`));
  }
  if (plan.unaccounted.length > 0) {
    out.push('', 'Work already done that the replay does not lead to (refused without --force)');
    out.push(...plan.unaccounted.map((line) => `  - ${line}`));
  }
  if (result.quarantined.length > 0) {
    out.push(
      '',
      'Quarantined messages of this order (kept while it had no running workflow): after the replay,',
    );
    out.push(
      ...result.quarantined.map(
        (message) =>
          `  ${quarantineCommand('reprocess', message.id.slice(0, 12))}   # ${message.kind ?? '?'} received ${message.receivedAt}`,
      ),
    );
  }
  if (result.runId !== undefined)
    out.push('', `Started a fresh workflow: ${result.orderKey} run ${result.runId}`);
  return out.join('\n');
}
