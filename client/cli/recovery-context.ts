import { orderDefaults } from '../../config/customer-terms';
import { loadSettings, type Settings } from '../../config/settings';
import { migrateToLatest, openDatabase } from '../../db/database';
import { parseOrderKey, type OrderKeyParts } from '../../domain/order-key';
import { OrderNotFound, resolveOrderKey } from '../orders/order-reference';
import { connectCliClient } from '../../worker/temporal-connection';
import { RecoveryRefused, type RecoveryContext } from '../recovery/context';

/**
 * The recovery commands' context from the settings: Temporal (TEMPORAL_ADDRESS or a running
 * `jakamo-so start`), the connector database (DATABASE_URL; brought to the latest migration, as
 * the worker does at start), the integration JAKAMO_INTEGRATION names (else the first). Closed
 * after `run`; errors come out as one line each (runCli prints them).
 */
export async function withRecoveryContext(
  run: (context: RecoveryContext, settings: Settings) => Promise<void>,
): Promise<void> {
  const settings = loadSettings();
  const { client, connection } = await connectCliClient(settings);
  const db = openDatabase(settings.database);
  try {
    await migrateToLatest(db);
    await run(
      {
        client,
        db,
        integration: settings.selectedIntegration,
        namespace: settings.temporal.namespace,
        taskQueue: settings.temporal.taskQueue,
        orderDefaults: orderDefaults(settings.orders, settings.integrations),
      },
      settings,
    );
  } finally {
    await db.destroy();
    await connection.close();
  }
}

/**
 * The order key of an order reference (its key, or Jakamo's order number). A well-formed key is
 * taken as it is — the order's workflow may be gone, which is what a replay is for; an order whose
 * workflow is gone is found by its Jakamo order number in the archive.
 */
export async function resolveRecoveryOrderKey(context: RecoveryContext, reference: string): Promise<string> {
  const trimmed = reference.trim();
  if (trimmed.startsWith('order:')) {
    let parts: OrderKeyParts | undefined;
    try {
      parts = parseOrderKey(trimmed);
    } catch {
      parts = undefined; // not a key: resolveOrderKey says what a key looks like
    }
    if (parts !== undefined) {
      if (parts.integration !== context.integration) {
        throw new RecoveryRefused(
          `${trimmed} is an order of integration "${parts.integration}", not "${context.integration}": set JAKAMO_INTEGRATION=${parts.integration}`,
        );
      }
      return trimmed;
    }
  }
  try {
    return await resolveOrderKey(context.client, context.integration, trimmed);
  } catch (error) {
    if (!(error instanceof OrderNotFound) || trimmed.startsWith('order:')) throw error;
    const rows = await context.db
      .selectFrom('inbound_messages')
      .select('order_key')
      .distinct()
      .where('integration', '=', context.integration)
      .where('jakamo_order_number', '=', trimmed)
      .where('order_key', 'is not', null)
      .execute();
    const keys = rows.map((row) => row.order_key).filter((key): key is string => key !== null);
    if (keys.length === 1) return keys[0];
    throw error;
  }
}
