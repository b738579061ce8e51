import { decimal } from '../domain/decimal';
import type { OrderLine } from '../domain/documents';
import { cancelsLine } from '../domain/line-status-codes';

/**
 * Jakamo: "Cancelling can be done by setting the ordered quantity to zero or using LineStatusCode
 * 'Cancelled'" (or the UN/CEFACT 1229 code `2`). Compared with big.js so "0.000" counts as zero.
 */
export function isLineCancelled(line: Pick<OrderLine, 'quantity' | 'lineStatusCode'>): boolean {
  if (cancelsLine(line.lineStatusCode)) return true;
  return line.quantity !== undefined && decimal(line.quantity.value).eq(0);
}
