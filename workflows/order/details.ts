import { orderCommand } from '../../domain/commands';
import { OrderStatus } from '../../domain/order-status';
import { markdownCode, markdownInline, markdownTable, markdownText, shorten } from '../markdown';
import { describeEffect } from './effects';
import { sameDecimal } from './lines';
import type { OrderAttention, OrderLineState, OrderLineTerms, OrderState } from './state';

/**
 * What the Temporal Web UI shows of an order (pure, so it is unit-tested and replay-safe) beside
 * its summary (domain/order-summary.ts): the current details (`setCurrentDetails`) the workflow
 * renders after every decision — status and
 * what the order waits for, its lines requested / confirmed / delivered, and the attention with
 * the command that answers it.
 */

/** At most this many lines in the table; the rest are counted (`order show` has them all). */
export const maxDetailLines = 30;

export function orderDetails(state: OrderState): string {
  const sections = [statusSection(state)];
  if (state.lines.length > 0) sections.push(linesTable(state));
  if (state.attention !== undefined) sections.push(attentionSection(state.attention));
  else {
    const next = state.pendingEffects[0];
    if (next !== undefined) sections.push(`Next step: ${markdownText(describeEffect(next))}`);
  }
  return sections.join('\n\n');
}

function statusSection(state: OrderState): string {
  const jakamo =
    state.jakamoOrderNumber === undefined ? '' : ` · Jakamo ${markdownText(state.jakamoOrderNumber)}`;
  return `**${state.status}**${jakamo} — ${waitingFor(state)}`;
}

/** What the order waits for in its status, with the command when someone has to act. */
function waitingFor(state: OrderState): string {
  const key = state.orderKey;
  switch (state.status) {
    case OrderStatus.Received:
      return 'importing into the ERP';
    case OrderStatus.Imported:
      return 'in the ERP; confirming to Jakamo';
    case OrderStatus.AwaitingErpConfirmation:
      return `waiting for the ERP to confirm: ${markdownCode(orderCommand('confirm', key))}`;
    case OrderStatus.WaitingForCustomer:
      return "waiting for the customer's answer to the proposal";
    case OrderStatus.WaitingForSupplier:
      return `the customer rejected the proposal; waiting for the ERP to confirm again: ${markdownCode(orderCommand('confirm', key))}`;
    case OrderStatus.Changed:
      return 'the customer changed the order; confirming it again';
    case OrderStatus.Confirmed:
      return `waiting for deliveries: ${markdownCode(orderCommand('deliver', key))}`;
    case OrderStatus.PartiallyDelivered:
      return `waiting for the rest of the deliveries: ${markdownCode(orderCommand('deliver', key))}`;
    case OrderStatus.Delivered:
    case OrderStatus.Cancelled:
      return quietUntil(state);
    case OrderStatus.Completed:
      return 'closed';
  }
}

function quietUntil(state: OrderState): string {
  const until = Date.parse(state.quietSince ?? '') + state.quietPeriodMs;
  // Far-off or unknown dates (no quiet period yet) must not make rendering throw.
  if (!Number.isFinite(until) || Math.abs(until) > 8.64e15) return 'finishing its last steps';
  return `completes on ${new Date(until).toISOString().slice(0, 10)} unless a message comes`;
}

function linesTable(state: OrderState): string {
  const shown = state.lines.slice(0, maxDetailLines);
  const table = markdownTable(
    ['line', 'item', 'requested', 'confirmed', 'delivered', 'status'],
    shown.map((line) => {
      // Prices only where the confirmation changes them: the table stays narrow enough to read.
      const withPrice =
        line.confirmed !== undefined && !sameDecimal(line.confirmed.price, line.requested.price);
      return [
        markdownText(line.lineId),
        markdownText(shorten(line.itemName ?? '', 30)),
        terms(line.requested, withPrice),
        line.confirmed === undefined ? '—' : terms(line.confirmed, withPrice),
        markdownText(delivered(line)),
        line.status,
      ];
    }),
  );
  const more = state.lines.length - shown.length;
  if (more <= 0) return table;
  return `${table}\n\n… and ${more} more line${more === 1 ? '' : 's'}: ${markdownCode(orderCommand('show', state.orderKey))}`;
}

/** "10 EA · 2026-03-02" (with "· 12.50 EUR" when asked): what is known of the terms. */
function terms(value: OrderLineTerms, withPrice: boolean): string {
  const quantity =
    value.quantity === undefined
      ? undefined
      : `${value.quantity}${value.unitCode === undefined ? '' : ` ${value.unitCode}`}`;
  const price =
    !withPrice || value.price === undefined
      ? undefined
      : `${value.price}${value.currency === undefined ? '' : ` ${value.currency}`}`;
  const parts = [quantity, value.deliveryDate, price].filter((part) => part !== undefined);
  return parts.length === 0 ? '—' : markdownText(parts.join(' · '));
}

function delivered(line: OrderLineState): string {
  const unit = line.confirmed?.unitCode ?? line.requested.unitCode;
  return unit === undefined || line.delivered === '0' ? line.delivered : `${line.delivered} ${unit}`;
}

function attentionSection(attention: OrderAttention): string {
  return [
    `**Needs attention** since ${attention.since.slice(0, 16).replace('T', ' ')} UTC: ${markdownText(attention.step)} (${markdownCode(attention.errorType)})`,
    `> ${markdownText(shorten(attention.reason, 500))}`,
    `What to do: ${adviceWithCommands(attention)}`,
  ].join('\n\n');
}

/** The advice as text, the commands it names (the attention's fields) as code to copy. */
function adviceWithCommands(attention: OrderAttention): string {
  const commands = [attention.command, attention.byHandCommand].filter(
    (command): command is string => command !== undefined,
  );
  let rendered = '';
  let rest = attention.advice;
  for (;;) {
    const next = commands
      .map((command) => ({ command, at: rest.indexOf(command) }))
      .filter((found) => found.at >= 0)
      .sort((a, b) => a.at - b.at)[0];
    if (next === undefined) return (rendered + markdownInline(rest)).trim();
    rendered += markdownInline(rest.slice(0, next.at)) + markdownCode(next.command);
    rest = rest.slice(next.at + next.command.length);
  }
}
