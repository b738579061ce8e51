/**
 * How an order is confirmed to Jakamo once the ERP has it (DESIGN.md 4.2):
 * - `auto`: the pipeline confirms as requested as soon as the ERP import succeeded;
 * - `erp`: the pipeline waits for the ERP's `confirm` update.
 */
export const confirmationPolicies = ['auto', 'erp'] as const;
export type ConfirmationPolicy = (typeof confirmationPolicies)[number];

/**
 * How a confirmation as requested travels: a simple confirmation (POST to Jakamo-Confirm-Url)
 * or a full UBL OrderResponse. A proposal is always an OrderResponse, and so is any confirmation
 * of an order that came without a Jakamo-Confirm-Url.
 */
export const responseStyles = ['simple', 'order-response'] as const;
export type ResponseStyle = (typeof responseStyles)[number];
