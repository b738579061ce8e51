/**
 * URL layout of the sandbox's supplier side. The queue and OrderResponse paths are known
 * (Jakamo's public C# client). The acknowledge and confirm URLs are opaque to clients (they
 * follow the headers). ASSUMPTION (see docs/sandbox.md): the exact PUT path for StatusMessages
 * is `/api/order/{orderNumber}` where orderNumber is the customer's order number (the Jakamo
 * order number is accepted too); `SandboxOptions.assumptions.deliveredPath` changes it.
 */
export const jakamoPaths = {
  queue: '/api/order/response',
  orderResponse: '/api/orderresponse',
  acknowledge: '/api/order/acknowledge/:messageId',
  confirm: '/api/order/confirm/:jakamoOrderNumber',
  /** Fastify route; must contain `:orderNumber`. */
  defaultDeliveredPath: '/api/order/:orderNumber',
} as const;

export function acknowledgeUrl(baseUrl: string, messageId: string): string {
  return `${baseUrl}/api/order/acknowledge/${encodeURIComponent(messageId)}`;
}

export function confirmUrl(baseUrl: string, jakamoOrderNumber: string): string {
  return `${baseUrl}/api/order/confirm/${encodeURIComponent(jakamoOrderNumber)}`;
}
