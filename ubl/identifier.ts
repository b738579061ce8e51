import { UblDocumentError } from './errors';

/**
 * The longest identifier (order number, buyer party id, line id) accepted, in UTF-8 bytes. Real
 * ones are short codes (EDIFACT allows 35 characters); the order number and the buyer id become
 * part of the order's workflow id, which Temporal limits (1000 bytes by default) — percent-encoded,
 * 100 bytes each stay well inside it. A longer one is refused as the document's fault instead of
 * failing the hand-off to Temporal again and again.
 */
export const MAX_IDENTIFIER_BYTES = 100;

/** Returns the identifier when it is short enough; otherwise an 'invalid-value' error naming it. */
export function requireShortIdentifier(value: string, what: string, where: string): string {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes <= MAX_IDENTIFIER_BYTES) return value;
  const size = bytes === value.length ? '' : ` (${bytes} bytes in UTF-8)`;
  throw new UblDocumentError(
    'invalid-value',
    `The ${what} is ${value.length} characters long${size}: identifiers may be at most ` +
      `${MAX_IDENTIFIER_BYTES} bytes (an identifier is a short code; this one could not even become part of the order's workflow id)`,
    where,
  );
}
