import { confirmOrder, deliverOrder } from '../client/orders/order-calls';
import { ordersQuery } from '../domain/order-queries';
import { OrderStatus } from '../domain/order-status';
import { soakIntegration } from './configuration';
import { orderStateQuery } from '../workflows/order/messages';
import { soakCustomers } from './plan';
import type { SoakRun } from './run-state';

/**
 * The ERP of the soak's `erp-confirm-deliver` customer (policy `erp`): every second it finds
 * that customer's running orders, confirms each one awaiting the ERP and delivers each one
 * confirmed, through the product's own client (the `confirm` and `deliver` updates).
 */
export function driveErp(run: SoakRun): Promise<void> {
  const { client, connection } = run.parts;
  const query = ordersQuery(
    soakIntegration,
    {
      customer: soakCustomers['erp-confirm-deliver'],
      status: [OrderStatus.AwaitingErpConfirmation, OrderStatus.Confirmed],
    },
    'Running',
  );
  return run.everyUntilFinished(1000, async () => {
    try {
      const keys: string[] = [];
      await connection.withDeadline(Date.now() + 15_000, async () => {
        for await (const execution of client.workflow.list({ query })) keys.push(execution.workflowId);
      });
      for (const key of keys) {
        if (run.finished) break;
        try {
          await advanceOrder(run, key);
        } catch {
          run.erpUpdateErrors++;
        }
      }
    } catch {
      run.erpUpdateErrors++;
    }
  });
}

/** The ERP's next step for one order, when the order is idle: confirm it, or deliver it. */
async function advanceOrder(run: SoakRun, key: string): Promise<void> {
  const { client, connection } = run.parts;
  const state = await connection.withDeadline(Date.now() + 10_000, () =>
    client.workflow.getHandle(key).query(orderStateQuery),
  );
  if (state.pendingEffects.length > 0 || state.attention !== undefined) return;
  // The ERP's idempotency key: a call repeated after a failure is decided once.
  const options = { updateId: `soak-${key}` };
  if (state.status === OrderStatus.AwaitingErpConfirmation) {
    await connection.withDeadline(Date.now() + 20_000, () =>
      confirmOrder(client, key, { note: 'Confirmed by the soak ERP' }, options),
    );
    run.erpUpdates++;
  } else if (state.status === OrderStatus.Confirmed) {
    await connection.withDeadline(Date.now() + 20_000, () => deliverOrder(client, key, {}, options));
    run.erpUpdates++;
  }
}
