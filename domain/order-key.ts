/**
 * The order key names one customer order across Jakamo, Temporal and the ERP:
 * `order:{integration}:{buyer party id}:{customer order number}`. It is the order workflow's
 * id, so each part is percent-encoded to stay URL-safe (and ':' inside a part cannot
 * make two different orders collide).
 */
export interface OrderKeyParts {
  integration: string;
  buyerPartyId: string;
  orderNumber: string;
}

const encodePart = (part: string): string =>
  encodeURIComponent(part).replace(/[!'()*~.]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function orderKey(parts: OrderKeyParts): string {
  for (const [name, value] of Object.entries(parts) as [keyof OrderKeyParts, string][]) {
    if (value.trim() === '') throw new Error(`Cannot build an order key: ${name} is empty`);
  }
  return ['order', parts.integration, parts.buyerPartyId, parts.orderNumber]
    .map((p, i) => (i === 0 ? p : encodePart(p)))
    .join(':');
}

export function parseOrderKey(key: string): OrderKeyParts {
  const parts = key.split(':');
  if (parts.length !== 4 || parts[0] !== 'order')
    throw new Error(`"${key}" is not an order key (order:{integration}:{buyer}:{order number})`);
  const [, integration, buyerPartyId, orderNumber] = parts.map((p) => decodeURIComponent(p));
  return { integration: integration, buyerPartyId: buyerPartyId, orderNumber: orderNumber };
}

export function intakeWorkflowId(integration: string): string {
  return `intake:${encodePart(integration)}`;
}
