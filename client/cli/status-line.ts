import { ordersQuery, type OrderListFilter } from '../../domain/order-queries';
import { OrderStatus } from '../../domain/order-status';
import type { Client } from '@temporalio/client';
import type { MessageArchive } from '../../db/message-archive';
import type { ConnectorDatabase } from '../../db/database';

export interface PipelineCounts {
  received: number;
  imported: number;
  confirmed: number;
  /** Orders waiting for the ERP's or the customer's answer. */
  awaitingErp: number;
  awaitingCustomer: number;
  delivered: number;
  quarantined: number;
  needsAttention: number;
}

/**
 * The counts behind `npm start`'s live line: messages from the archive, sales orders from the
 * ERP tables, confirmed and attention counts from Temporal's visibility (what the Web UI shows).
 */
export async function readPipelineCounts(
  db: ConnectorDatabase,
  archive: MessageArchive,
  client: Client,
  integration: string,
): Promise<PipelineCounts> {
  const byStatus = await archive.countByStatus(integration);
  const imported = await db
    .selectFrom('sales_orders')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('integration', '=', integration)
    .executeTakeFirstOrThrow();
  const count = (filter: OrderListFilter) => client.workflow.count(ordersQuery(integration, filter));
  const [confirmed, awaitingErp, awaitingCustomer, delivered, attention] = await Promise.all([
    count({ status: OrderStatus.Confirmed }),
    count({ status: [OrderStatus.AwaitingErpConfirmation, OrderStatus.WaitingForSupplier] }),
    count({ status: OrderStatus.WaitingForCustomer }),
    count({ status: [OrderStatus.Delivered, OrderStatus.Completed] }),
    count({ needsAttention: true }),
  ]);
  return {
    received: byStatus.received + byStatus.handed_off + byStatus.acknowledged + byStatus.quarantined,
    imported: Number(imported.count),
    confirmed: confirmed.count,
    awaitingErp: awaitingErp.count,
    awaitingCustomer: awaitingCustomer.count,
    delivered: delivered.count,
    quarantined: byStatus.quarantined,
    needsAttention: attention.count,
  };
}

export function formatCounts(counts: PipelineCounts): string {
  const waiting =
    counts.awaitingErp + counts.awaitingCustomer > 0
      ? ` · awaiting ERP ${counts.awaitingErp} · awaiting customer ${counts.awaitingCustomer}`
      : '';
  const delivered = counts.delivered > 0 ? ` · delivered ${counts.delivered}` : '';
  return (
    `received ${counts.received} · imported ${counts.imported} · confirmed ${counts.confirmed}${waiting}${delivered} · ` +
    `quarantined ${counts.quarantined} · needs attention ${counts.needsAttention}`
  );
}
