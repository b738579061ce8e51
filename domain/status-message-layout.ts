/**
 * ASSUMPTION: the public SO API documents do not show the StatusMessage layout (customer
 * cancellation in the queue, supplier "Delivered" sent with PUT). This module is the one
 * place that defines the layout this product assumes; the sandbox emits and accepts it, the
 * codec parses and builds it. Change it here (or through configuration) once the real layout
 * is known.
 *
 * <StatusMessage xmlns="urn:jakamo:statusmessage:assumed:1">
 *   <OrderID>customer order number</OrderID>
 *   <BuyerPartyID>buyer customer party id</BuyerPartyID>     (optional)
 *   <Status>Cancelled | Delivered</Status>
 *   <LineID>1</LineID>                                      (zero or more; none = whole order)
 *   <Note>free text</Note>                                  (optional)
 * </StatusMessage>
 */
export interface StatusMessageLayout {
  rootElement: string;
  namespace: string;
  orderIdElement: string;
  buyerPartyIdElement: string;
  statusElement: string;
  lineIdElement: string;
  noteElement: string;
}

export const defaultStatusMessageLayout: StatusMessageLayout = {
  rootElement: 'StatusMessage',
  namespace: 'urn:jakamo:statusmessage:assumed:1',
  orderIdElement: 'OrderID',
  buyerPartyIdElement: 'BuyerPartyID',
  statusElement: 'Status',
  lineIdElement: 'LineID',
  noteElement: 'Note',
};

export const StatusMessageStatus = {
  Cancelled: 'Cancelled',
  Delivered: 'Delivered',
} as const;
