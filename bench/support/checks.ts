import Database from 'better-sqlite3';
import { orderKey } from '../../domain/order-key';
import type { PlacedOrder, SandboxControlClient } from '../../sandbox';
import type { BenchIntegration } from './environment';
import { integrationStats } from './orders';

/**
 * Correctness after each run, from the systems themselves (Jakamo's record in the sandbox, the
 * ERP's table), never from the pipeline's own account: a fast run that loses or duplicates an
 * order is no result. A failed check makes the run exit 1.
 */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function check(name: string, problems: string[], okDetail: string): Check {
  return problems.length === 0
    ? { name, ok: true, detail: okDetail }
    : {
        name,
        ok: false,
        detail: `${problems.length} problem(s): ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`,
      };
}

/** Jakamo's queue of the integration is empty, and every placed message was acknowledged. */
export async function queueEmpty(
  control: SandboxControlClient,
  integration: BenchIntegration,
  placed: number,
  side: string,
): Promise<Check> {
  const stats = await integrationStats(control, integration);
  const problems: string[] = [];
  if (stats.queued !== 0) problems.push(`${stats.queued} message(s) still queued`);
  if (stats.acknowledged !== placed) problems.push(`${stats.acknowledged} acknowledged of ${placed} placed`);
  return check(`${side}: queue empty`, problems, `0 queued, ${stats.acknowledged} acknowledged`);
}

/** Every placed order is Confirmed in Jakamo by exactly one confirmation (no resend, no other document). */
export async function confirmedExactlyOnce(
  control: SandboxControlClient,
  integration: BenchIntegration,
  placed: readonly PlacedOrder[],
  side: string,
): Promise<Check> {
  const orders = new Map(
    (await control.listOrders(integration.id)).map((order) => [order.jakamoOrderNumber, order]),
  );
  const problems: string[] = [];
  for (const order of placed) {
    const state = orders.get(order.jakamoOrderNumber);
    if (state === undefined) {
      problems.push(`${order.jakamoOrderNumber}: unknown to the sandbox`);
      continue;
    }
    const documents = state.documents.map((document) => `${document.kind} ${document.httpStatus}`);
    if (state.status !== 'Confirmed' || state.confirmations !== 1 || documents.join() !== 'Confirm 200') {
      problems.push(
        `${order.jakamoOrderNumber}: ${state.status}, ${state.confirmations} confirmation(s), documents [${documents.join(', ')}]`,
      );
    }
  }
  return check(
    `${side}: every order confirmed exactly once`,
    problems,
    `${placed.length} of ${placed.length} Confirmed by one confirmation each`,
  );
}

/** The ERP (the reference adapter's `sales_orders`) holds exactly one sales order per placed order, and no other. */
export function oneSalesOrderPerOrder(
  databaseFile: string,
  integration: BenchIntegration,
  placed: readonly PlacedOrder[],
  side: string,
): Check {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        'SELECT order_key AS key, COUNT(*) AS n FROM sales_orders WHERE integration = ? GROUP BY order_key',
      )
      .all(integration.id) as { key: string; n: number }[];
    const counts = new Map(rows.map((row) => [row.key, row.n]));
    const expected = new Set(
      placed.map((order) =>
        orderKey({
          integration: integration.id,
          buyerPartyId: order.buyerPartyId,
          orderNumber: order.orderNumber,
        }),
      ),
    );
    const problems: string[] = [];
    for (const key of expected) {
      const n = counts.get(key) ?? 0;
      if (n !== 1) problems.push(`${key}: ${n} sales order(s)`);
    }
    for (const key of counts.keys())
      if (!expected.has(key)) problems.push(`${key}: a sales order nobody placed`);
    return check(
      `${side}: one ERP sales order per order`,
      problems,
      `${expected.size} sales orders, one each`,
    );
  } finally {
    db.close();
  }
}

/** Every check of a pipeline run: confirmed once, queue empty, one ERP order each. */
export async function pipelineChecks(
  control: SandboxControlClient,
  integration: BenchIntegration,
  placed: readonly PlacedOrder[],
  databaseFile: string,
): Promise<Check[]> {
  return [
    await confirmedExactlyOnce(control, integration, placed, 'pipeline'),
    await queueEmpty(control, integration, placed.length, 'pipeline'),
    oneSalesOrderPerOrder(databaseFile, integration, placed, 'pipeline'),
  ];
}
