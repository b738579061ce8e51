/**
 * The one error type the codec throws for a document it cannot accept. `code` lets callers
 * route the problem (for example to NeedsAttention) without parsing the message; the message
 * says, for a human, what is wrong and where.
 */
export type UblErrorCode =
  | 'too-large'
  | 'not-utf8'
  | 'binary'
  | 'malformed'
  | 'dtd-forbidden'
  | 'wrong-root'
  | 'wrong-namespace'
  | 'missing-element'
  | 'invalid-value';

export class UblDocumentError extends Error {
  override name = 'UblDocumentError';

  constructor(
    readonly code: UblErrorCode,
    message: string,
    /** Where in the document, as a simple path such as "Order/OrderLine[2]/LineItem/ID", when known. */
    readonly location?: string,
    /** 1-based line number, when known (malformed documents). */
    readonly line?: number,
  ) {
    super(message);
  }
}

export function isUblDocumentError(error: unknown): error is UblDocumentError {
  return error instanceof UblDocumentError;
}
