/**
 * The order lifecycle of DESIGN.md 4.2. The connector's own states; where Jakamo shows a
 * status of its own, `jakamoStatusOf` names it.
 */
export const OrderStatus = {
  Received: 'Received',
  Imported: 'Imported',
  AwaitingErpConfirmation: 'AwaitingErpConfirmation',
  Confirmed: 'Confirmed',
  WaitingForCustomer: 'WaitingForCustomer',
  WaitingForSupplier: 'WaitingForSupplier',
  Changed: 'Changed',
  Cancelled: 'Cancelled',
  PartiallyDelivered: 'PartiallyDelivered',
  Delivered: 'Delivered',
  Completed: 'Completed',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

const jakamoStatuses: Partial<Record<OrderStatus, string>> = {
  Confirmed: 'Confirmed',
  WaitingForCustomer: 'Waiting for customer action',
  WaitingForSupplier: 'Waiting for supplier confirmation',
  Cancelled: 'Cancelled',
  Delivered: 'Delivered',
};

export function jakamoStatusOf(status: OrderStatus): string | undefined {
  return jakamoStatuses[status];
}
