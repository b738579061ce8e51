/**
 * The order in one line, as the Temporal Web UI shows it above its details (signal-with-start's
 * `staticSummary`, fixed when the order's workflow starts).
 */

/** The order in one line: customer order number · customer · Jakamo's order number. */
export function orderSummary(order: {
  orderNumber: string;
  buyerPartyId: string;
  jakamoOrderNumber: string | undefined;
}): string {
  return [order.orderNumber, order.buyerPartyId, order.jakamoOrderNumber]
    .filter((part): part is string => part !== undefined && part !== '')
    .join(' · ');
}
