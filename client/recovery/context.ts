import type { Client } from '@temporalio/client';
import type { OrderDefaults } from '../../config/customer-terms';
import type { ConnectorDatabase } from '../../db/database';
import { OperatorActions, type OperatorActionInput } from '../../db/operator-actions';

/**
 * What the recovery commands (bulk retry, replay, reset, quarantine) work with: Temporal, the
 * connector database, and the integration they act for. The CLI builds it from the settings;
 * tests build it from their rig.
 */
export interface RecoveryContext {
  client: Client;
  db: ConnectorDatabase;
  integration: string;
  namespace: string;
  /** The pipeline worker's task queue: where a replayed order's fresh workflow and reprocessed messages go. */
  taskQueue: string;
  /** How a new order workflow is set up (policy, response style, seller contact, quiet period). */
  orderDefaults: OrderDefaults;
  /** Who acts (default: the operating-system user). */
  actor?: string;
}

/** The pipeline said no to an operator action; nothing changed. The message says why and what to do. */
export class RecoveryRefused extends Error {
  override name = 'RecoveryRefused';
}

/** Records the action in `operator_actions` (docs/operations.md, "Recovery"). */
export function recordAction(
  context: RecoveryContext,
  action: Omit<OperatorActionInput, 'integration' | 'actor'>,
): Promise<unknown> {
  return new OperatorActions(context.db).record({
    ...action,
    integration: context.integration,
    ...(context.actor === undefined ? {} : { actor: context.actor }),
  });
}
