/**
 * The status of one order line in the connector, from the supplier's point of view:
 * - `Open`: requested, not (yet) confirmed;
 * - `Confirmed`: confirmed to Jakamo with the terms the customer requested (or accepted);
 * - `Proposed`: the supplier proposed other terms; waiting for the customer;
 * - `PartiallyDelivered` / `Delivered`: some / all of the confirmed quantity delivered;
 * - `Cancelled`: cancelled by the customer (quantity 0, LineStatusCode, or the whole order).
 */
export const LineStatus = {
  Open: 'Open',
  Confirmed: 'Confirmed',
  Proposed: 'Proposed',
  PartiallyDelivered: 'PartiallyDelivered',
  Delivered: 'Delivered',
  Cancelled: 'Cancelled',
} as const;
export type LineStatus = (typeof LineStatus)[keyof typeof LineStatus];
