/**
 * cbc:LineStatusCode values the pipeline reads and writes. UBL leaves the code list open;
 * Jakamo documents the word `Cancelled`, and buyers on UN/CEFACT 1229 (action codes) send `2`
 * (deleted) for the same thing. A line the supplier proposes to change is marked with 1229's
 * `3` (changed) in the OrderResponse.
 */
export const LineStatusCode = {
  Cancelled: 'Cancelled',
  Deleted: '2',
  Changed: '3',
} as const;

/** Whether a LineStatusCode cancels the line (`Cancelled` in any case, or `2`). */
export function cancelsLine(code: string | undefined): boolean {
  const normalised = code?.trim().toLowerCase();
  return normalised === 'cancelled' || normalised === LineStatusCode.Deleted;
}
