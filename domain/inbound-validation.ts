/**
 * What the intake does with an inbound UBL document that fails XSD validation
 * (`UBL_INBOUND_VALIDATION`): `warn` records the problems on the archived message and the order
 * and goes on; `strict` quarantines the message with its problems; `off` does not validate.
 */
export const inboundValidationModes = ['warn', 'strict', 'off'] as const;
export type InboundValidationMode = (typeof inboundValidationModes)[number];
