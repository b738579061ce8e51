import { JakamoOrderStatus, NeedsAttention } from '../domain/search-attributes';
import { soakIntegration } from './configuration';
import { sleep, type SoakParts, type SoakRun } from './run-state';

/**
 * Once everything is placed and every event done: waits until the pipeline has settled (the
 * queue empty, the archive acknowledged, every step answered, the ERP and the workflows where
 * each order's lifecycle ends) or the run is over, saying now and then what is still outstanding.
 */
export async function untilSettled(run: SoakRun): Promise<void> {
  const expected = {
    confirmed: run.placed.filter((order) => order.lifecycle !== 'erp-confirm-deliver').length,
    delivered: run.placed.filter((order) => order.lifecycle === 'erp-confirm-deliver').length,
  };
  let lastOutstanding = '';
  let lastLogged = 0;
  for (;;) {
    const outstanding = await whatIsOutstanding(run.parts, expected, run.enqueued).catch(
      (error: unknown) => `cannot tell (${(error as Error).message})`,
    );
    if (outstanding === undefined) return;
    if (run.over()) {
      run.logAtNow(`deadline: ${outstanding}`);
      return;
    }
    if (outstanding !== lastOutstanding && Date.now() - lastLogged > 15_000) {
      run.logAtNow(`settling: ${outstanding}`);
      lastOutstanding = outstanding;
      lastLogged = Date.now();
    }
    await sleep(2000);
  }
}

/** What is not done yet, in words; undefined when everything is. */
async function whatIsOutstanding(
  parts: SoakParts,
  expected: { confirmed: number; delivered: number },
  enqueued: number,
): Promise<string | undefined> {
  const { db, client, connection, control } = parts;
  const problems: string[] = [];
  const stats = (await control.stats()).integrations[soakIntegration];
  if (stats === undefined) return 'the sandbox does not know the integration';
  if (stats.queued > 0) problems.push(`${stats.queued} queued`);
  const archive = await db
    .selectFrom('inbound_messages')
    .select((eb) => [
      eb.fn.countAll<number>().as('all'),
      eb.fn.count<number>('acknowledged_at').as('acknowledged'),
    ])
    .where('integration', '=', soakIntegration)
    .executeTakeFirstOrThrow();
  if (Number(archive.all) !== enqueued || Number(archive.acknowledged) !== enqueued)
    problems.push(`archive ${Number(archive.acknowledged)}/${enqueued} acknowledged`);
  const sending = await db
    .selectFrom('outbound_documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('integration', '=', soakIntegration)
    .where('status', '=', 'sending')
    .executeTakeFirstOrThrow();
  if (Number(sending.n) > 0) problems.push(`${Number(sending.n)} requests without an answer`);
  const ledger = await db
    .selectFrom('erp_applied_documents')
    .select(['kind', (eb) => eb.fn.count<number>('order_key').distinct().as('orders')])
    .groupBy('kind')
    .execute();
  const applied = (kind: string) => Number(ledger.find((row) => row.kind === kind)?.orders ?? 0);
  if (applied('Confirmation') < expected.confirmed + expected.delivered)
    problems.push(`ERP confirmations ${applied('Confirmation')}/${expected.confirmed + expected.delivered}`);
  if (applied('Delivery') < expected.delivered)
    problems.push(`ERP deliveries ${applied('Delivery')}/${expected.delivered}`);
  const count = async (clause: string) =>
    (
      await connection.withDeadline(Date.now() + 10_000, () =>
        client.workflow.count(`WorkflowType = 'orderWorkflow' AND ExecutionStatus = 'Running' AND ${clause}`),
      )
    ).count;
  const confirmed = await count(`${JakamoOrderStatus.name} = 'Confirmed'`);
  const delivered = await count(`${JakamoOrderStatus.name} = 'Delivered'`);
  const attention = await count(`${NeedsAttention.name} = true`);
  if (confirmed < expected.confirmed) problems.push(`workflows Confirmed ${confirmed}/${expected.confirmed}`);
  if (delivered < expected.delivered) problems.push(`workflows Delivered ${delivered}/${expected.delivered}`);
  if (attention > 0) problems.push(`${attention} orders need attention`);
  return problems.length === 0 ? undefined : problems.join(' · ');
}
