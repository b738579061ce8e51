import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { ConnectorDatabase } from './database';
import type { InboundMessage, InboundMessageStatus } from './schema';

/** The shortest prefix of a message's sha256 the operator commands accept as its id. */
export const messageIdMinLength = 8;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface ReceivedMessage {
  integration: string;
  rawXml: string;
  acknowledgeUri: string;
  confirmUrl: string | undefined;
  jakamoOrderNumber: string | undefined;
}

const archivedMessageSummaryColumns = [
  'sha256',
  'document_kind',
  'root_element',
  'status',
  'jakamo_order_number',
  'first_received_at',
  'last_received_at',
  'times_received',
  'acknowledged_at',
  'error',
] as const;

/** An archived message without its raw XML and routing details: what a list of documents shows. */
export type ArchivedMessageSummary = Pick<InboundMessage, (typeof archivedMessageSummaryColumns)[number]>;

export interface ArchivedMessage {
  record: InboundMessage;
  /** True when this exact message was archived before: Jakamo delivered it again. */
  redelivered: boolean;
}

/**
 * The durable record of every message taken from a Jakamo queue. A message is written here
 * before anything else happens to it, keyed by its content hash, so that a redelivery (after
 * an acknowledgement that was lost) is recognised instead of processed twice.
 */
export class MessageArchive {
  constructor(private readonly db: ConnectorDatabase) {}

  async recordReceived(message: ReceivedMessage, now = new Date()): Promise<ArchivedMessage> {
    const sha256 = sha256Hex(message.rawXml);
    const at = now.toISOString();
    const inserted = await this.db
      .insertInto('inbound_messages')
      .values({
        integration: message.integration,
        sha256,
        raw_xml: message.rawXml,
        root_element: null,
        document_kind: null,
        order_key: null,
        jakamo_order_number: message.jakamoOrderNumber ?? null,
        acknowledge_uri: message.acknowledgeUri,
        confirm_url: message.confirmUrl ?? null,
        status: 'received',
        error: null,
        times_received: 1,
        first_received_at: at,
        last_received_at: at,
        acknowledged_at: null,
        validation_problems: null,
        // The next place in this integration's queue (one drain per integration writes at a time).
        queue_position: sql<number>`(select coalesce(max(queue_position), 0) + 1 from inbound_messages where integration = ${message.integration})`,
      })
      .onConflict((conflict) => conflict.columns(['integration', 'sha256']).doNothing())
      .executeTakeFirst();
    const redelivered = Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0;
    if (redelivered) {
      await this.db
        .updateTable('inbound_messages')
        .set((eb) => ({ times_received: eb('times_received', '+', 1), last_received_at: at }))
        .where('integration', '=', message.integration)
        .where('sha256', '=', sha256)
        .execute();
    }
    return { record: await this.get(message.integration, sha256), redelivered };
  }

  async get(integration: string, sha256: string): Promise<InboundMessage> {
    const record = await this.find(integration, sha256);
    if (!record) throw new Error(`No archived message ${sha256} for integration ${integration}`);
    return record;
  }

  find(integration: string, sha256: string): Promise<InboundMessage | undefined> {
    return this.db
      .selectFrom('inbound_messages')
      .selectAll()
      .where('integration', '=', integration)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
  }

  /**
   * The message is with its order workflow. The intake acknowledges a message once it is archived,
   * so the hand-off often comes after the acknowledgement: then the message is done (`acknowledged`).
   */
  async markHandedOff(
    integration: string,
    sha256: string,
    routing: { rootElement: string; documentKind: string; orderKey: string },
  ): Promise<void> {
    await this.db
      .updateTable('inbound_messages')
      .set((eb) => ({
        status: eb
          .case()
          .when('acknowledged_at', 'is', null)
          .then(sql.lit<InboundMessageStatus>('handed_off'))
          .else(sql.lit<InboundMessageStatus>('acknowledged'))
          .end(),
        root_element: routing.rootElement,
        document_kind: routing.documentKind,
        order_key: routing.orderKey,
        error: null,
      }))
      .where('integration', '=', integration)
      .where('sha256', '=', sha256)
      .execute();
  }

  /**
   * The archived messages not yet handed to their order workflows nor quarantined (the outbox),
   * in the order the queue gave them.
   */
  listAwaitingHandOff(integration: string, limit: number): Promise<InboundMessage[]> {
    return this.db
      .selectFrom('inbound_messages')
      .selectAll()
      .where('integration', '=', integration)
      .where('status', '=', 'received')
      .orderBy((eb) => eb.fn.coalesce('queue_position', sql.lit(0)))
      .orderBy('first_received_at')
      .orderBy('sha256')
      .limit(limit)
      .execute();
  }

  /** Records what XSD validation found wrong with the message (kept whatever becomes of it). */
  async recordValidationProblems(integration: string, sha256: string, problems: string[]): Promise<void> {
    await this.db
      .updateTable('inbound_messages')
      .set({ validation_problems: problems.length === 0 ? null : problems.join('\n') })
      .where('integration', '=', integration)
      .where('sha256', '=', sha256)
      .execute();
  }

  async markQuarantined(
    integration: string,
    sha256: string,
    reason: string,
    rootElement: string | undefined,
  ): Promise<void> {
    await this.setStatus(integration, sha256, 'quarantined', {
      error: reason,
      root_element: rootElement ?? null,
    });
  }

  async markAcknowledged(integration: string, sha256: string, now = new Date()): Promise<void> {
    // Only a handed-off message is done: a quarantined one keeps its status (acknowledging it only
    // means Jakamo's queue moved on), and one still waiting for its hand-off stays in the outbox.
    await this.db
      .updateTable('inbound_messages')
      .set((eb) => ({
        acknowledged_at: now.toISOString(),
        status: eb
          .case()
          .when('status', '=', 'handed_off')
          .then(sql.lit<InboundMessageStatus>('acknowledged'))
          .else(eb.ref('status'))
          .end(),
      }))
      .where('integration', '=', integration)
      .where('sha256', '=', sha256)
      .execute();
  }

  /**
   * Settles acknowledgements whose answer was lost. Jakamo's queue is first in, first out and only
   * this integration's intake acknowledges it, so once the head of the queue is another message
   * (or the queue is empty), every earlier message still owed an acknowledgement was cleared by
   * Jakamo: its acknowledgement reached Jakamo though its answer did not. `headSha256` is the
   * message at the head now (it may be the one whose acknowledgement is uncertain: not settled).
   * Returns how many messages were settled.
   */
  async settleAcknowledgementsBefore(
    integration: string,
    headSha256: string | undefined,
    now = new Date(),
  ): Promise<number> {
    let owed = this.db
      .selectFrom('inbound_messages')
      .select('sha256')
      .where('integration', '=', integration)
      .where('acknowledged_at', 'is', null)
      // `received`: archived, so possibly acknowledged, and still waiting for its hand-off.
      .where('status', 'in', ['received', 'handed_off', 'quarantined']);
    if (headSha256 !== undefined) {
      owed = owed.where('sha256', '!=', headSha256);
      const head = await this.find(integration, headSha256);
      // Only what the queue gave before the head: a later message cannot have been cleared.
      if (head?.queue_position != null) {
        owed = owed.where((eb) => eb(eb.fn.coalesce('queue_position', sql.lit(0)), '<', head.queue_position));
      }
    }
    const rows = await owed.execute();
    for (const row of rows) await this.markAcknowledged(integration, row.sha256, now);
    return rows.length;
  }

  /** How many archived messages are in each status (for the live status line and the CLI). */
  async countByStatus(integration?: string): Promise<Record<InboundMessageStatus, number>> {
    let query = this.db
      .selectFrom('inbound_messages')
      .select(['status', (eb) => eb.fn.countAll<string | number>().as('count')])
      .groupBy('status');
    if (integration !== undefined) query = query.where('integration', '=', integration);
    const rows = await query.execute();
    const counts: Record<InboundMessageStatus, number> = {
      received: 0,
      handed_off: 0,
      acknowledged: 0,
      quarantined: 0,
    };
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  listQuarantined(integration?: string): Promise<InboundMessage[]> {
    let query = this.db.selectFrom('inbound_messages').selectAll().where('status', '=', 'quarantined');
    if (integration !== undefined) query = query.where('integration', '=', integration);
    return query.orderBy('first_received_at').execute();
  }

  /** Quarantined messages no operator has reprocessed or discarded yet, oldest first. */
  listOpenQuarantine(integration: string): Promise<InboundMessage[]> {
    return this.db
      .selectFrom('inbound_messages')
      .selectAll()
      .where('integration', '=', integration)
      .where('status', '=', 'quarantined')
      .where('resolution', 'is', null)
      .orderBy('first_received_at')
      .orderBy('sha256')
      .execute();
  }

  /**
   * The messages whose sha256 starts with `id` (at least `messageIdMinLength` hex digits, or the
   * whole hash): one when the id is unambiguous.
   */
  findByIdPrefix(integration: string, id: string): Promise<InboundMessage[]> {
    const prefix = id.trim().toLowerCase();
    if (!/^[0-9a-f]+$/.test(prefix) || prefix.length < messageIdMinLength) return Promise.resolve([]);
    return this.db
      .selectFrom('inbound_messages')
      .selectAll()
      .where('integration', '=', integration)
      .where('sha256', 'like', `${prefix}%`)
      .orderBy('sha256')
      .limit(10)
      .execute();
  }

  /**
   * Every message archived for the order, whatever became of it (quarantined too), in the order
   * received, without its raw XML: the order's documents as the ERP API lists them.
   */
  listForOrder(integration: string, orderKey: string): Promise<ArchivedMessageSummary[]> {
    return this.db
      .selectFrom('inbound_messages')
      .select(archivedMessageSummaryColumns)
      .where('integration', '=', integration)
      .where('order_key', '=', orderKey)
      .orderBy('first_received_at')
      .orderBy('sha256')
      .execute();
  }

  /** One message archived for the order, raw XML and all; undefined when it is not the order's. */
  async findForOrder(
    integration: string,
    orderKey: string,
    sha256: string,
  ): Promise<InboundMessage | undefined> {
    const record = await this.find(integration, sha256);
    return record?.order_key === orderKey ? record : undefined;
  }

  /**
   * The messages handed to the order (its Order, OrderChanges, cancellations, status messages),
   * in the order they were received: what a replay re-drives.
   */
  listHandedOffForOrder(integration: string, orderKey: string): Promise<InboundMessage[]> {
    return this.db
      .selectFrom('inbound_messages')
      .selectAll()
      .where('integration', '=', integration)
      .where('order_key', '=', orderKey)
      .where('status', 'in', ['handed_off', 'acknowledged'])
      .orderBy('first_received_at')
      .orderBy('sha256')
      .execute();
  }

  /**
   * A quarantined message an operator handed to its order after a fix: it is handed off now (or
   * acknowledged, when Jakamo's queue already moved on), and remembers why it was quarantined
   * (`error`), that it was reprocessed, when and why.
   */
  async markReprocessed(
    integration: string,
    sha256: string,
    routing: { rootElement: string; documentKind: string; orderKey: string },
    reason: string | undefined,
    now = new Date(),
  ): Promise<void> {
    const record = await this.get(integration, sha256);
    await this.db
      .updateTable('inbound_messages')
      .set({
        status: record.acknowledged_at === null ? 'handed_off' : 'acknowledged',
        root_element: routing.rootElement,
        document_kind: routing.documentKind,
        order_key: routing.orderKey,
        resolution: 'reprocessed',
        resolved_at: now.toISOString(),
        resolution_reason: reason ?? null,
      })
      .where('integration', '=', integration)
      .where('sha256', '=', sha256)
      .execute();
  }

  /** A quarantined message an operator decided is not needed: it stays quarantined, marked discarded with the reason. */
  async markDiscarded(integration: string, sha256: string, reason: string, now = new Date()): Promise<void> {
    await this.db
      .updateTable('inbound_messages')
      .set({ resolution: 'discarded', resolved_at: now.toISOString(), resolution_reason: reason })
      .where('integration', '=', integration)
      .where('sha256', '=', sha256)
      .where('status', '=', 'quarantined')
      .execute();
  }

  private async setStatus(
    integration: string,
    sha256: string,
    status: InboundMessageStatus,
    fields: Partial<Pick<InboundMessage, 'root_element' | 'document_kind' | 'order_key' | 'error'>>,
  ): Promise<void> {
    await this.db
      .updateTable('inbound_messages')
      .set({ status, ...fields })
      .where('integration', '=', integration)
      .where('sha256', '=', sha256)
      .execute();
  }
}
