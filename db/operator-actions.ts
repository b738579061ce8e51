import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { ConnectorDatabase } from './database';
import type { OperatorActionKind, OperatorActionOutcome, OperatorActionRow } from './schema';

export type { OperatorActionKind, OperatorActionOutcome } from './schema';

/** An operator action as the recovery commands report it. */
export interface OperatorActionInput {
  integration: string;
  action: OperatorActionKind;
  /** The order key, or the archived message's sha256 for quarantine actions. */
  target: string;
  reason: string | undefined;
  outcome: OperatorActionOutcome;
  detail?: string | undefined;
  /** Who acted; defaults to the operating-system user running the command. */
  actor?: string | undefined;
}

/** A recorded operator action. */
export interface OperatorAction extends Required<Omit<OperatorActionInput, 'detail' | 'actor'>> {
  id: string;
  at: string;
  detail: string | undefined;
  actor: string | undefined;
}

/** The operating-system user running the command, or undefined when it cannot be told. */
export function currentActor(): string | undefined {
  try {
    const name = os.userInfo().username;
    return name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}

/**
 * The audit trail of the recovery commands (bulk retry, replay, reset, quarantine reprocess and
 * discard): who did what to which order or message, why, and what came of it. The order's own
 * history (and Temporal's) shows the action too; this record keeps the reason and the outcome
 * together, also for actions the pipeline refused and for orders whose workflow is gone.
 */
export class OperatorActions {
  constructor(private readonly db: ConnectorDatabase) {}

  async record(input: OperatorActionInput, now = new Date()): Promise<OperatorAction> {
    const row: OperatorActionRow = {
      id: randomUUID(),
      at: now.toISOString(),
      integration: input.integration,
      action: input.action,
      target: input.target,
      reason: nonEmpty(input.reason) ?? null,
      outcome: input.outcome,
      detail: nonEmpty(input.detail) ?? null,
      actor: nonEmpty(input.actor ?? currentActor()) ?? null,
    };
    await this.db.insertInto('operator_actions').values(row).execute();
    return toAction(row);
  }

  /** The actions on one order or message, oldest first. */
  async listForTarget(target: string): Promise<OperatorAction[]> {
    const rows = await this.db
      .selectFrom('operator_actions')
      .selectAll()
      .where('target', '=', target)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map(toAction);
  }

  /** The integration's latest actions, newest first. */
  async listRecent(integration: string, limit = 50): Promise<OperatorAction[]> {
    const rows = await this.db
      .selectFrom('operator_actions')
      .selectAll()
      .where('integration', '=', integration)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toAction);
  }
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function toAction(row: OperatorActionRow): OperatorAction {
  return {
    id: row.id,
    at: row.at,
    integration: row.integration,
    action: row.action,
    target: row.target,
    reason: row.reason ?? undefined,
    outcome: row.outcome,
    detail: row.detail ?? undefined,
    actor: row.actor ?? undefined,
  };
}
