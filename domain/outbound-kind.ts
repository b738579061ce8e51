/** The kinds of request the pipeline sends Jakamo about an order, as its outbound records name them. */
export const outboundKinds = ['SimpleConfirm', 'OrderResponse', 'DeliveredStatus'] as const;
export type OutboundKind = (typeof outboundKinds)[number];
