import type { Client, Connection } from '@temporalio/client';
import type { ConnectorDatabase } from '../db/database';
import { intakeWorkflowId } from '../domain/order-key';
import { NeedsAttention, JakamoOrderStatus } from '../domain/search-attributes';
import type { SandboxControlClient } from '../sandbox';
import { orderStateQuery } from '../workflows/order/messages';
import type { OutboundKind } from '../domain/outbound-kind';
import type { BadMessageFact, PlacedSoakOrder, SoakFacts, WorkflowFact } from './checks';

/**
 * Collects what the systems themselves say after a soak: Jakamo's orders and queue (the
 * sandbox's control API), the ERP, the outbound record and the archive (the connector database),
 * and every order workflow (visibility, then its `state` query).
 */

export interface FactSources {
  integration: string;
  control: SandboxControlClient;
  db: ConnectorDatabase;
  client: Client;
  connection: Connection;
}

export interface RunRecord {
  orders: PlacedSoakOrder[];
  badMessages: BadMessageFact[];
  enqueued: number;
  killCredits: { orderKey: string; kind: OutboundKind }[];
  unplannedWorkerExits: string[];
  timedOut: boolean;
}

/** How many `state` queries run at once (the worker answers them; it shares two cores). */
const queryConcurrency = 4;

export async function collectFacts(sources: FactSources, run: RunRecord): Promise<SoakFacts> {
  const { integration, control, db } = sources;
  const jakamoOrders: SoakFacts['jakamoOrders'] = {};
  for (const order of await control.listOrders(integration)) {
    jakamoOrders[order.jakamoOrderNumber] = {
      status: order.status,
      documents: order.documents.map((document) => ({
        kind: document.kind,
        httpStatus: document.httpStatus,
        answerLost: document.answerLost === true,
      })),
    };
  }
  const stats = (await control.stats()).integrations[integration];

  const salesOrders = await db
    .selectFrom('sales_orders')
    .select(['order_key', 'status'])
    .where('integration', '=', integration)
    .execute();
  const erpLedger = await db
    .selectFrom('erp_applied_documents')
    .select(['order_key', 'kind', 'document_id'])
    .execute();
  const outbound = await db
    .selectFrom('outbound_documents')
    .select(['order_key', 'kind', 'effect_id', 'status', 'attempts', 'accepted'])
    .where('integration', '=', integration)
    .execute();
  const archive = await db
    .selectFrom('inbound_messages')
    .select(['sha256', 'status', 'order_key', 'acknowledged_at', 'error'])
    .where('integration', '=', integration)
    .execute();

  return {
    orders: run.orders,
    badMessages: run.badMessages,
    enqueued: run.enqueued,
    jakamoOrders,
    jakamoQueue: { queued: stats?.queued ?? -1, acknowledged: stats?.acknowledged ?? -1 },
    salesOrders: salesOrders.map((row) => ({ orderKey: row.order_key, status: row.status })),
    erpLedger: erpLedger.map((row) => ({
      orderKey: row.order_key,
      kind: row.kind,
      documentId: row.document_id,
    })),
    outbound: outbound.map((row) => ({
      orderKey: row.order_key,
      kind: row.kind,
      effectId: row.effect_id,
      status: row.status,
      attempts: row.attempts,
      accepted: row.accepted,
    })),
    archive: archive.map((row) => ({
      sha256: row.sha256,
      status: row.status,
      orderKey: row.order_key,
      acknowledged: row.acknowledged_at !== null,
      error: row.error,
    })),
    workflows: await collectWorkflows(sources, run.orders),
    needingAttention: await needingAttention(sources),
    intake: await intakeFacts(sources),
    killCredits: run.killCredits,
    unplannedWorkerExits: run.unplannedWorkerExits,
    timedOut: run.timedOut,
  };
}

/** Each placed order's workflow: visibility for all, then the `state` query for its pending steps and attention. */
async function collectWorkflows(
  sources: FactSources,
  orders: PlacedSoakOrder[],
): Promise<Record<string, WorkflowFact>> {
  const { client, connection } = sources;
  const visible = new Map<string, WorkflowFact>();
  await connection.withDeadline(Date.now() + 120_000, async () => {
    for await (const execution of client.workflow.list({
      query: `WorkflowType = 'orderWorkflow' AND ExecutionStatus != 'ContinuedAsNew'`,
      pageSize: 1000,
    })) {
      visible.set(execution.workflowId, {
        status: execution.typedSearchAttributes.get(JakamoOrderStatus),
        needsAttention: execution.typedSearchAttributes.get(NeedsAttention) === true,
        pendingEffects: undefined,
        attention: undefined,
      });
    }
  });
  const workflows: Record<string, WorkflowFact> = {};
  const queue = orders.filter((order) => visible.has(order.key));
  const next = async (): Promise<void> => {
    for (let order = queue.shift(); order !== undefined; order = queue.shift()) {
      const seen = visible.get(order.key) as WorkflowFact;
      try {
        const state = await connection.withDeadline(Date.now() + 15_000, () =>
          client.workflow.getHandle(order.key).query(orderStateQuery),
        );
        workflows[order.key] = {
          status: state.status,
          needsAttention: seen.needsAttention || state.attention !== undefined,
          pendingEffects: state.pendingEffects.length,
          attention:
            state.attention === undefined
              ? undefined
              : `${state.attention.errorType}: ${state.attention.reason}`,
        };
      } catch {
        workflows[order.key] = seen;
      }
    }
  };
  await Promise.all(Array.from({ length: queryConcurrency }, next));
  return workflows;
}

async function needingAttention(sources: FactSources): Promise<string[]> {
  const ids: string[] = [];
  await sources.connection.withDeadline(Date.now() + 60_000, async () => {
    for await (const execution of sources.client.workflow.list({
      query: `${NeedsAttention.name} = true AND ExecutionStatus = 'Running'`,
    })) {
      ids.push(execution.workflowId);
    }
  });
  return ids;
}

async function intakeFacts(sources: FactSources): Promise<SoakFacts['intake']> {
  try {
    const described = await sources.connection.withDeadline(Date.now() + 15_000, () =>
      sources.client.workflow.getHandle(intakeWorkflowId(sources.integration)).describe(),
    );
    return {
      running: described.status.name === 'RUNNING',
      needsAttention: described.typedSearchAttributes.get(NeedsAttention) === true,
    };
  } catch {
    return { running: false, needsAttention: false };
  }
}
