import type { MessageLine } from '../../domain/order-message';

/** The customer's lines the order workflow tests order: a widget and a gadget. */

export const widget: MessageLine = {
  lineId: '1',
  itemName: 'Widget',
  quantity: '10',
  unitCode: 'EA',
  price: '12.50',
  currency: 'EUR',
  deliveryDate: '2026-03-02',
  lineStatusCode: undefined,
};
export const gadget: MessageLine = {
  lineId: '2',
  itemName: 'Gadget',
  quantity: '5',
  unitCode: 'EA',
  price: '100.00',
  currency: 'EUR',
  deliveryDate: '2026-03-16',
  lineStatusCode: undefined,
};
