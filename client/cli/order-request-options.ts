import type { z } from 'zod';
import type { ConfirmRequest, DeliverRequest } from '../../workflows/order/messages';
import { fieldPath, firstInputProblem } from '../erp-api/input-problem';
import { confirmRequestSchema, deliverRequestSchema } from '../erp-api/schemas';

/**
 * The options of `order confirm` and `order deliver` as the request the ERP API takes in its
 * body, checked with the API's own schemas: the CLI and the API accept and refuse the same
 * requests, in the same words, with the option named (`--lines[0].quantity: …`).
 */

/** Options that cannot become the request. */
export class InvalidOrderOptions extends Error {
  override name = 'InvalidOrderOptions';
}

/** The option that carries each field of the request. */
const optionOf: Record<string, string> = {
  lines: '--lines',
  note: '--note',
  sellerContactId: '--seller-contact',
};

const linesExample = '[{"lineId":"1","quantity":"8"}]';

/** `--lines` is JSON, as the API's body is. */
function linesJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidOrderOptions(
      `--lines must be a JSON array like ${linesExample} (${(error as Error).message})`,
    );
  }
}

function requestOf<S extends z.ZodType>(schema: S, fields: Record<string, unknown>): z.output<S> {
  // An option left out is a field left out of the body.
  const body = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const { path, message } = firstInputProblem(parsed.error);
  const [field, ...within] = path;
  throw new InvalidOrderOptions(`${fieldPath(optionOf[String(field)] ?? String(field), within)}: ${message}`);
}

/** `order confirm`: lines that differ from the request (none: as requested), a note, the seller contact. */
export function confirmRequestOf(options: {
  lines?: string;
  note?: string;
  sellerContact?: string;
}): ConfirmRequest {
  return requestOf(confirmRequestSchema, {
    lines: linesJson(options.lines),
    note: options.note,
    sellerContactId: options.sellerContact,
  });
}

/** `order deliver`: the quantities delivered now (none: everything outstanding), a note. */
export function deliverRequestOf(options: { lines?: string; note?: string }): DeliverRequest {
  return requestOf(deliverRequestSchema, { lines: linesJson(options.lines), note: options.note });
}
