import { orderCommand } from '../../domain/commands';
import type { InboundValidation } from '../../activities/intake/intake-activities';
import { OrderRouter } from '../../activities/order/order-router';
import { MessageArchive, messageIdMinLength } from '../../db/message-archive';
import { OperatorActions, type OperatorAction } from '../../db/operator-actions';
import type { InboundMessage } from '../../db/schema';
import { messageRefOf, routeArchivedMessage } from '../../domain/message-routing';
import { recordAction, RecoveryRefused, type RecoveryContext } from './context';

/**
 * `quarantine show | reprocess | discard <id>`: the messages the intake could not hand to an order
 * (unreadable, not routable, invalid under strict validation, for an order that had finished).
 * `reprocess` sends one through the normal path after the cause was fixed — parsed and routed as
 * the intake does, then handed to its order with the intake's own hand-off (OrderRouter's
 * signal-with-start); `discard` closes it with a reason. Both are kept on the archived message
 * (`resolution`, `resolved_at`, `resolution_reason`) and in operator_actions.
 */

/** One quarantined message and what is known about it. */
export interface QuarantinedMessage {
  record: InboundMessage;
  /** Where it would go if reprocessed now, or why it cannot be routed. */
  routing: { orderKey: string; kind: string } | { problem: string };
  actions: OperatorAction[];
}

/** The archived message an id (its sha256 or a prefix of at least 8 hex digits) names. */
export async function findMessage(context: RecoveryContext, id: string): Promise<InboundMessage> {
  const matches = await new MessageArchive(context.db).findByIdPrefix(context.integration, id);
  if (matches.length === 0) {
    throw new RecoveryRefused(
      id.trim().length < messageIdMinLength
        ? `A message id needs at least ${messageIdMinLength} hex digits of its sha256 (jakamo-so quarantine lists them)`
        : `No archived message ${id} in integration "${context.integration}" (jakamo-so quarantine lists them)`,
    );
  }
  if (matches.length > 1) {
    throw new RecoveryRefused(
      `The id ${id} names ${matches.length} messages (${matches.map((m) => m.sha256.slice(0, 16)).join(', ')}): give more of it`,
    );
  }
  return matches[0];
}

export async function showQuarantined(context: RecoveryContext, id: string): Promise<QuarantinedMessage> {
  const record = await findMessage(context, id);
  const routing = routeArchivedMessage(context.integration, record.raw_xml);
  return {
    record,
    routing: routing.ok
      ? { orderKey: routing.orderKey, kind: routing.document.kind }
      : { problem: routing.reason },
    actions: await new OperatorActions(context.db).listForTarget(record.sha256),
  };
}

/** A message that is quarantined and not yet reprocessed or discarded; refused otherwise. */
function assertOpen(record: InboundMessage): void {
  if (record.resolution !== null) {
    throw new RecoveryRefused(
      `Message ${record.sha256.slice(0, 12)} was already ${record.resolution} at ${record.resolved_at ?? '?'}` +
        (record.resolution_reason === null ? '' : ` (${record.resolution_reason})`),
    );
  }
  if (record.status !== 'quarantined') {
    throw new RecoveryRefused(
      `Message ${record.sha256.slice(0, 12)} is not quarantined (it was ${record.status.replace('_', ' ')}${record.order_key === null ? '' : ` to ${record.order_key}`})`,
    );
  }
}

export interface ReprocessOptions {
  reason?: string;
  /** XSD validation as the intake has it (UBL_INBOUND_VALIDATION); absent: none. */
  inboundValidation?: InboundValidation;
}

export interface ReprocessResult {
  id: string;
  orderKey: string;
  kind: string;
}

/** Hands a quarantined message to its order through the intake's path, after the cause was fixed. */
export async function reprocessQuarantined(
  context: RecoveryContext,
  id: string,
  options: ReprocessOptions = {},
): Promise<ReprocessResult> {
  const record = await findMessage(context, id);
  assertOpen(record);
  const reason = options.reason?.trim() || undefined;
  const refuse = async (why: string): Promise<never> => {
    await recordAction(context, {
      action: 'quarantine.reprocess',
      target: record.sha256,
      reason,
      outcome: 'refused',
      detail: why,
    });
    throw new RecoveryRefused(`Message ${record.sha256.slice(0, 12)} stays quarantined: ${why}`);
  };

  const routing = routeArchivedMessage(context.integration, record.raw_xml);
  if (!routing.ok) return refuse(`it still cannot be routed (${routing.reason})`);
  const problems = await validate(options.inboundValidation, routing.document.kind, record.raw_xml);
  if (problems.length > 0) {
    await new MessageArchive(context.db).recordValidationProblems(
      context.integration,
      record.sha256,
      problems,
    );
    if (options.inboundValidation?.mode === 'strict') {
      return refuse(`it is still not valid UBL 2.1 (UBL_INBOUND_VALIDATION=strict): ${problems.join('; ')}`);
    }
  }
  const { document, buyerPartyId } = routing;
  const routed = await new OrderRouter(context.client, context.taskQueue).route(
    {
      orderKey: routing.orderKey,
      integration: context.integration,
      buyerPartyId,
      orderNumber: document.orderNumber,
      ...context.orderDefaults.forCustomer(context.integration, buyerPartyId),
    },
    messageRefOf(record, routing, problems.length > 0 ? problems : undefined),
  );
  if (!routed.routed) {
    return refuse(
      `${routed.reason}. If the order's workflow was terminated or failed, replay it first (${orderCommand('replay', routing.orderKey)}), then reprocess`,
    );
  }
  await new MessageArchive(context.db).markReprocessed(
    context.integration,
    record.sha256,
    { rootElement: document.kind, documentKind: document.kind, orderKey: routing.orderKey },
    reason,
  );
  await recordAction(context, {
    action: 'quarantine.reprocess',
    target: record.sha256,
    reason,
    outcome: 'done',
    detail: `${document.kind} handed to ${routing.orderKey}`,
  });
  return { id: record.sha256, orderKey: routing.orderKey, kind: document.kind };
}

/** Closes a quarantined message that is not needed; the reason is required. */
export async function discardQuarantined(
  context: RecoveryContext,
  id: string,
  options: { reason?: string },
): Promise<{ id: string }> {
  const reason = options.reason?.trim() ?? '';
  if (reason === '') {
    throw new RecoveryRefused(
      'A discard needs a reason (--reason "…"): say why the message is not needed, for the record',
    );
  }
  const record = await findMessage(context, id);
  assertOpen(record);
  await new MessageArchive(context.db).markDiscarded(context.integration, record.sha256, reason);
  await recordAction(context, {
    action: 'quarantine.discard',
    target: record.sha256,
    reason,
    outcome: 'done',
    detail: record.error ?? undefined,
  });
  return { id: record.sha256 };
}

async function validate(
  validation: InboundValidation | undefined,
  kind: string,
  xml: string,
): Promise<string[]> {
  if (validation === undefined || validation.mode === 'off' || kind === 'StatusMessage') return [];
  const result = await validation.validator.validate(
    xml,
    kind as Parameters<typeof validation.validator.validate>[1],
  );
  return result.problems.map((problem) =>
    problem.line === undefined ? problem.message : `line ${problem.line}: ${problem.message}`,
  );
}

/** One message for a person: what it is, why it was quarantined, what was done about it, its content. */
export function formatQuarantined(message: QuarantinedMessage): string {
  const { record, routing, actions } = message;
  const row = (label: string, value: string | number | null | undefined) =>
    value === null || value === undefined || value === '' ? [] : [`  ${label.padEnd(16)} ${value}`];
  const out = [
    `Message ${record.sha256}`,
    ...row('status', record.status + (record.resolution === null ? '' : ` · ${record.resolution}`)),
    ...row('reason', record.error),
    ...row('kind', record.document_kind ?? record.root_element),
    ...row('Jakamo number', record.jakamo_order_number),
    ...row('order', record.order_key),
    ...('orderKey' in routing
      ? row('routes to', `${routing.orderKey} (${routing.kind})`)
      : row('cannot route', routing.problem)),
    ...row(
      'received',
      `${record.first_received_at} (${record.times_received} time${Number(record.times_received) === 1 ? '' : 's'})`,
    ),
    ...row('acknowledged', record.acknowledged_at),
    ...row(
      'resolved',
      record.resolved_at === null ? undefined : `${record.resolved_at}: ${record.resolution_reason ?? ''}`,
    ),
  ];
  if (record.validation_problems !== null) {
    out.push('', 'XSD problems', ...record.validation_problems.split('\n').map((line) => `  ${line}`));
  }
  if (actions.length > 0) {
    out.push('', 'Operator actions');
    out.push(
      ...actions.map(
        (action) =>
          `  ${action.at}  ${action.action}  ${action.outcome}${action.actor === undefined ? '' : `  by ${action.actor}`}${action.reason === undefined ? '' : `: ${action.reason}`}${action.detail === undefined ? '' : ` (${action.detail})`}`,
      ),
    );
  }
  out.push('', 'Content', record.raw_xml);
  return out.join('\n');
}
