import Big from 'big.js';
import type { OrderLine } from '../domain/documents';

/**
 * Jakamo: "Cancelling can be done by setting the ordered quantity to zero or using LineStatusCode
 * 'Cancelled'". Compared with big.js so "0.000" counts as zero.
 */
export function isLineCancelled(line: Pick<OrderLine, 'quantity' | 'lineStatusCode'>): boolean {
  if (line.lineStatusCode?.toLowerCase() === 'cancelled') return true;
  return line.quantity !== undefined && new Big(line.quantity.value).eq(0);
}
