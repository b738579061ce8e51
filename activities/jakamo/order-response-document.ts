import type { OrderChangeDocument, OrderDocument } from '../../domain/documents';
import { buildOrderResponse } from '../../ubl/build-order-response';
import { orderResponseFromOrder, type LineDecision } from '../../ubl/order-response-from-order';
import { preflightOrderResponse } from '../../ubl/preflight';
import type { XsdValidator } from '../../ubl/xsd-validator';
import type { PostOrderResponseInput } from '../types';

/**
 * The OrderResponse for an order's current request (the archived Order or latest OrderChange)
 * with the supplier's terms per line. Only the lines being answered are included. The id is
 * stable for the step (`{order number}-{effect id}`), so a retried step builds the same document.
 */
export function buildOrderResponseXml(
  basis: OrderDocument | OrderChangeDocument,
  input: Pick<PostOrderResponseInput, 'effectId' | 'lines' | 'note' | 'sellerContactId'>,
  now: Date,
): string {
  const answered = new Set(input.lines.map((line) => line.lineId));
  const document = { ...basis, lines: basis.lines.filter((line) => answered.has(line.lineId)) };
  const decisions: Record<string, LineDecision> = {};
  for (const terms of input.lines) {
    const line = document.lines.find((candidate) => candidate.lineId === terms.lineId);
    const decision: LineDecision = {
      quantity: {
        value: terms.quantity,
        ...(line?.quantity?.unitCode ? { unitCode: line.quantity.unitCode } : {}),
      },
    };
    if (terms.price !== undefined) {
      const currencyId = line?.price?.amount.currencyId ?? basis.currency;
      decision.price = {
        amount: { value: terms.price, ...(currencyId ? { currencyId } : {}) },
        ...(line?.price?.baseQuantity ? { baseQuantity: line.price.baseQuantity } : {}),
      };
    }
    if (terms.deliveryDate !== undefined)
      decision.promisedDelivery = { startDate: terms.deliveryDate, endDate: terms.deliveryDate };
    if (terms.lineStatusCode !== undefined) decision.lineStatusCode = terms.lineStatusCode;
    decisions[terms.lineId] = decision;
  }
  const iso = now.toISOString();
  const response = orderResponseFromOrder(document, {
    responseId: `${basis.orderNumber}-${input.effectId}`,
    issueDate: iso.slice(0, 10),
    issueTime: iso.slice(11, 19),
    sellerContactId: input.sellerContactId ?? '',
    notes: input.note === undefined ? [] : [input.note],
    lines: decisions,
  });
  return buildOrderResponse(response);
}

/** XSD validation (when the schemas are there) and Jakamo's preflight; the problems, or none. */
export async function checkOrderResponse(
  xml: string,
  validator: XsdValidator | undefined,
): Promise<string[]> {
  const problems: string[] = [];
  if (validator !== undefined) {
    const result = await validator.validate(xml, 'OrderResponse');
    for (const problem of result.problems) {
      problems.push(`XSD: ${problem.message}${problem.line === undefined ? '' : ` (line ${problem.line})`}`);
    }
  }
  const preflight = preflightOrderResponse(xml);
  for (const problem of preflight.problems)
    problems.push(`Jakamo would answer "${problem.error}": ${problem.detail}`);
  return problems;
}
