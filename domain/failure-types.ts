/**
 * The `type` of every ApplicationFailure the pipeline raises, in one place that workflow code
 * may import (activities throw them, workflows branch on them, operators filter by them).
 */

/** Jakamo's answers sorted into the error classes of DESIGN.md 4.3. */
export const JakamoErrorType = {
  /** 400 `Authentication failed.`: the integration's credentials are wrong. Intake pauses. */
  AuthenticationFailed: 'JakamoAuthenticationFailed',
  /** 400 `No customer mapping found` / `Errors in SellerContact element. Missing mapping?` */
  MappingMissing: 'JakamoMappingMissing',
  /** 400 `Incorrect order response`, `LineItem missing Quantity`, `Price\PriceAmount is required.` */
  DocumentRejected: 'JakamoDocumentRejected',
  /** 400 `Cannot find order.` */
  OrderNotFound: 'JakamoOrderNotFound',
  /** Any other 4xx: the request itself is wrong; repeating it cannot help. */
  BadRequest: 'JakamoBadRequest',
  /** 5xx, 429: Jakamo is busy or failing; retried with backoff, past a cap it needs attention. */
  Unavailable: 'JakamoUnavailable',
  /** Network error, timeout, dropped connection: retried with backoff. */
  Unreachable: 'JakamoUnreachable',
  /** A 200 that does not look like the SO API (no acknowledge URI, unexpected body). */
  UnexpectedResponse: 'JakamoUnexpectedResponse',
} as const;
export type JakamoErrorType = (typeof JakamoErrorType)[keyof typeof JakamoErrorType];

/** Failures of the pipeline's own steps. */
export const PipelineFailureType = {
  /** The archived message an order refers to is gone (database reset?). */
  ArchivedMessageMissing: 'ArchivedMessageMissing',
  /** The archived message cannot be read as the document the step needs. */
  DocumentUnreadable: 'DocumentUnreadable',
  /** A document we built failed XSD validation or the Jakamo preflight: our bug, nothing was sent. */
  OutboundDocumentInvalid: 'OutboundDocumentInvalid',
  /** The ERP refused a write (unknown order, line, …). */
  ErpRefused: 'ErpRefused',
  /** A step names an integration this worker does not serve (not in its configuration). */
  UnknownIntegration: 'UnknownIntegration',
  /** The order's own rules failed on an event (a bug): the order waits for an operator. */
  DecisionFailed: 'DecisionFailed',
  /** A simple confirmation for an order Jakamo gave no Jakamo-Confirm-Url: it is confirmed with an OrderResponse instead. */
  MissingConfirmUrl: 'MissingConfirmUrl',
  /** An ERP or operator update the order's rules refused after its validator let it through. */
  OrderUpdateRefused: 'OrderUpdateRefused',
} as const;
export type PipelineFailureType = (typeof PipelineFailureType)[keyof typeof PipelineFailureType];

/** Attention that no step raised: a message the pipeline cannot apply by itself. */
export const AttentionType = {
  UnexpectedMessage: 'UnexpectedMessage',
  MessageAfterCompletion: 'MessageAfterCompletion',
} as const;
export type AttentionType = (typeof AttentionType)[keyof typeof AttentionType];
