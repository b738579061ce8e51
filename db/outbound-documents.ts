import type { ExpressionBuilder } from 'kysely';
import type { ConnectorDatabase } from './database';
import type { Database, OutboundDocumentRow, OutboundKind, OutboundStatus } from './schema';

export type { OutboundKind, OutboundStatus } from './schema';

/** Jakamo's answer is kept up to this many bytes (UTF-8): enough to read an error, bounded. */
export const responseBodyLimitBytes = 64 * 1024;

/** One request the pipeline is about to send to Jakamo for an order. */
export interface OutboundRequest {
  orderKey: string;
  /** The effect that sends the request: with the order key, the request's identity across retries. */
  effectId: string;
  integration: string;
  kind: OutboundKind;
  /** Why it is sent (for example `confirm`, `propose`, `delivered`). */
  purpose: string;
  method: 'POST' | 'PUT';
  targetUrl: string;
  /** The raw request body ('' when the request has none). */
  body: string;
}

export interface OutboundAnswer {
  httpStatus: number;
  responseBody: string;
  /** True when Jakamo accepted the request (a 2xx answer). */
  accepted: boolean;
}

/** A request as recorded: what was (or would have been) sent, and what came of it. */
export interface OutboundRecord extends OutboundRequest {
  status: OutboundStatus;
  /** Why the document was not sent (status `invalid`). */
  problems: string | undefined;
  /** How many times the request was sent (0 when it never was). */
  attempts: number;
  /**
   * The last answer received. While a retry is `sending`, these still hold the previous
   * attempt's answer until the new one is recorded.
   */
  httpStatus: number | undefined;
  responseBody: string | undefined;
  accepted: boolean | undefined;
  firstAttemptAt: string;
  lastAttemptAt: string;
  answeredAt: string | undefined;
}

/**
 * The durable record of every request the pipeline sends to Jakamo for an order. A request is
 * written here before it is sent and again with its answer, keyed by the order key and the
 * effect that sends it, so that a retried step whose success is already recorded never sends
 * again. An accepted answer is final: nothing here overwrites it.
 */
export class OutboundDocuments {
  constructor(private readonly db: ConnectorDatabase) {}

  async find(orderKey: string, effectId: string): Promise<OutboundRecord | undefined> {
    const row = await this.db
      .selectFrom('outbound_documents')
      .selectAll()
      .where('order_key', '=', orderKey)
      .where('effect_id', '=', effectId)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  /**
   * Before sending: records the request as `sending` (first attempt), or on a retry counts one
   * more attempt and re-writes the request (its body or target may have been rebuilt). A request
   * whose accepted answer is already recorded is returned unchanged: the caller must not send it.
   */
  async recordSending(request: OutboundRequest, now = new Date()): Promise<OutboundRecord> {
    const at = now.toISOString();
    const inserted = await this.db
      .insertInto('outbound_documents')
      .values(firstRow(request, { status: 'sending', problems: null, attempts: 1 }, at))
      .onConflict((conflict) => conflict.columns(['order_key', 'effect_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
      await this.db
        .updateTable('outbound_documents')
        .set((eb) => ({
          ...requestColumns(request),
          status: 'sending',
          problems: null,
          attempts: eb('attempts', '+', 1),
          last_attempt_at: at,
        }))
        .where('order_key', '=', request.orderKey)
        .where('effect_id', '=', request.effectId)
        .where((eb) => eb.not(isAccepted(eb)))
        .execute();
    }
    return this.get(request.orderKey, request.effectId);
  }

  /**
   * After the answer: records Jakamo's status and body (truncated to 64 KB). A late answer of
   * an earlier attempt does not overwrite an accepted one.
   */
  async recordAnswer(
    orderKey: string,
    effectId: string,
    answer: OutboundAnswer,
    now = new Date(),
  ): Promise<void> {
    const updated = await this.db
      .updateTable('outbound_documents')
      .set({
        status: 'answered',
        http_status: answer.httpStatus,
        response_body: truncateUtf8(answer.responseBody, responseBodyLimitBytes),
        accepted: answer.accepted ? 1 : 0,
        answered_at: now.toISOString(),
      })
      .where('order_key', '=', orderKey)
      .where('effect_id', '=', effectId)
      .where((eb) => eb.not(isAccepted(eb)))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0 && (await this.find(orderKey, effectId)) === undefined) {
      throw new Error(
        `No outbound document ${effectId} for order ${orderKey}: record it with recordSending before sending it`,
      );
    }
  }

  /**
   * A document we built that failed validation or the Jakamo preflight: recorded with its
   * problems and never sent. Does not touch a request whose accepted answer is recorded.
   */
  async recordInvalid(request: OutboundRequest, problems: string, now = new Date()): Promise<void> {
    const at = now.toISOString();
    await this.db
      .insertInto('outbound_documents')
      .values(firstRow(request, { status: 'invalid', problems, attempts: 0 }, at))
      .onConflict((conflict) => conflict.columns(['order_key', 'effect_id']).doNothing())
      .execute();
    // On a conflict (a retry rebuilt it, still invalid), keep the row's attempts and history.
    await this.db
      .updateTable('outbound_documents')
      .set({ ...requestColumns(request), status: 'invalid', problems, last_attempt_at: at })
      .where('order_key', '=', request.orderKey)
      .where('effect_id', '=', request.effectId)
      .where((eb) => eb.not(isAccepted(eb)))
      .execute();
  }

  /** Every request for an order, oldest first. */
  async listForOrder(orderKey: string): Promise<OutboundRecord[]> {
    const rows = await this.db
      .selectFrom('outbound_documents')
      .selectAll()
      .where('order_key', '=', orderKey)
      .orderBy('first_attempt_at')
      .orderBy('effect_id')
      .execute();
    return rows.map(toRecord);
  }

  private async get(orderKey: string, effectId: string): Promise<OutboundRecord> {
    const record = await this.find(orderKey, effectId);
    if (record === undefined) throw new Error(`No outbound document ${effectId} for order ${orderKey}`);
    return record;
  }
}

function requestColumns(request: OutboundRequest) {
  return {
    integration: request.integration,
    kind: request.kind,
    purpose: request.purpose,
    method: request.method,
    target_url: request.targetUrl,
    body: request.body,
  };
}

/** A request's row as first written: before it is sent (`sending`), or refused by our checks (`invalid`). */
function firstRow(
  request: OutboundRequest,
  first: { status: 'sending' | 'invalid'; problems: string | null; attempts: number },
  at: string,
) {
  return {
    ...requestColumns(request),
    order_key: request.orderKey,
    effect_id: request.effectId,
    ...first,
    http_status: null,
    response_body: null,
    accepted: null,
    first_attempt_at: at,
    last_attempt_at: at,
    answered_at: null,
  };
}

/** `status = 'answered' and accepted = 1`: the request's success is recorded. */
function isAccepted(eb: ExpressionBuilder<Database, 'outbound_documents'>) {
  return eb.and([eb('status', '=', 'answered'), eb('accepted', '=', 1)]);
}

function toRecord(row: OutboundDocumentRow): OutboundRecord {
  return {
    orderKey: row.order_key,
    effectId: row.effect_id,
    integration: row.integration,
    kind: row.kind,
    purpose: row.purpose,
    method: row.method,
    targetUrl: row.target_url,
    body: row.body,
    status: row.status,
    problems: row.problems ?? undefined,
    attempts: Number(row.attempts),
    httpStatus: row.http_status === null ? undefined : Number(row.http_status),
    responseBody: row.response_body ?? undefined,
    accepted: row.accepted === null ? undefined : Number(row.accepted) === 1,
    firstAttemptAt: row.first_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    answeredAt: row.answered_at ?? undefined,
  };
}

/** The longest prefix of `text` that fits in `limit` UTF-8 bytes, never splitting a character. */
export function truncateUtf8(text: string, limit: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limit) return text;
  let end = limit;
  // Step back over continuation bytes (10xxxxxx) so the cut falls between characters.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}
