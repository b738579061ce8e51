/**
 * The order lifecycle of DESIGN.md 4.2: the connector's own states (Jakamo's own status names
 * are in the README's lifecycle).
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
