/** The codec's public API; see docs/ubl.md. */
export { UblDocumentError, isUblDocumentError, type UblErrorCode } from './errors';
export { parseInboundDocument, type ParseInboundOptions } from './parse-inbound';
export { parseOrderResponse } from './parse-order-response';
export { buildOrderResponse, type OrderResponseInput } from './build-order-response';
export { buildStatusMessage, type StatusMessageInput } from './build-status-message';
export {
  orderResponseFromOrder,
  lineAmountOf,
  ResponseCode,
  type LineDecision,
  type ResponseFromOrderOptions,
} from './order-response-from-order';
export { isLineCancelled } from './line-cancellation';
export {
  preflightOrderResponse,
  JakamoError,
  type JakamoMappings,
  type PreflightProblem,
  type PreflightResult,
} from './preflight';
export type { XsdValidator, ValidationResult, ValidationProblem } from './xsd-validator';
export { Libxml2XsdValidator } from './libxml2-validator';
export { JavaXsdValidator } from './java-validator';
export { registerValidateCommand } from './validate-command';
export { DEFAULT_MAX_BYTES } from './xml-input';
