import { z } from 'zod';
import { inboundMessageStatuses, outboundKinds, outboundStatuses } from '../../db/schema';
import { confirmationPolicies, responseStyles } from '../../domain/confirmation-policy';
import { plainDecimalPattern } from '../../domain/decimal';
import { LineStatus } from '../../domain/line-status';
import { OrderStatus } from '../../domain/order-status';
import type {
  ConfirmRequest,
  DeliverRequest,
  OperatorRequest,
  OrderUpdateAnswer,
} from '../../workflows/order/messages';
import type { OrderState } from '../../workflows/order/state';
import type { OrderDocuments } from '../orders/order-documents';
import type { OrderPage } from '../orders/order-list';

/**
 * The ERP API's request and answer shapes, once: requests are parsed with these zod schemas
 * (a failure is a 400 naming the field), and the OpenAPI description is generated from all of
 * them, so the description cannot drift from what the API checks. The type checks at the end
 * make the compiler prove that the answers' schemas describe the types the API sends.
 */

/** Components of the OpenAPI description: each schema registered here is `#/components/schemas/{id}`. */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

function component<T extends z.ZodType>(schema: T, id: string, description?: string): T {
  apiSchemas.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}

// ---------------------------------------------------------------------------------------------
// Requests: the workflow updates' shapes, decimals as strings

const decimal = z
  .string({ error: 'must be a decimal written as a string, such as "8" or "12.50"' })
  .max(40, 'must be at most 40 characters')
  .regex(plainDecimalPattern, 'must be a non-negative decimal written as a string, such as "8" or "12.50"');

/** YYYY-MM-DD, a day of the calendar: the pattern knows month lengths and leap years. */
const calendarDatePattern = new RegExp(
  '^(?:' +
    // 29 February of a leap year
    '(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29' +
    // any other day
    '|[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))' +
    ')$',
);

const isoDate = z
  .string({ error: 'must be a date YYYY-MM-DD' })
  .regex(calendarDatePattern, 'must be a date YYYY-MM-DD that exists in the calendar');

/** Characters as JSON Schema counts them (code points), not UTF-16 units as `String.length` does. */
function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** A string of `min` to `max` characters (code points); `maxLength` in the description. */
const boundedText = (
  max: number,
  { min = 0, error = 'must be a string', empty = 'must not be empty' } = {},
) =>
  (min > 0 ? z.string({ error }).min(min, empty) : z.string({ error }))
    .refine((text) => codePoints(text) <= max, `must be at most ${max} characters`)
    .meta({ maxLength: max });

const lineId = boundedText(200, { min: 1, error: 'each line needs its lineId (a string such as "1")' });

const text = (max: number) => boundedText(max);

/** At most this many lines in one request. */
const maxLines = 1000;

const linesOf = <T extends z.ZodType<{ lineId: string }>>(line: T, meaning: string) =>
  z
    .array(line, { error: 'must be a list of lines' })
    .min(1, 'is empty: leave it out to mean every line')
    .max(maxLines, `must have at most ${maxLines} lines`)
    // A line named twice is refused by the order itself (409), like an unknown line.
    .meta({ description: meaning });

export const confirmLineSchema = component(
  z.strictObject({
    lineId,
    quantity: decimal.optional().meta({ description: 'Confirmed quantity; left out: as requested. Not 0.' }),
    price: decimal.optional().meta({ description: 'Confirmed unit price; left out: as requested.' }),
    deliveryDate: isoDate.optional().meta({ description: 'Promised delivery date; left out: as requested.' }),
  }),
  'ConfirmLine',
  'One line of the confirmation; whatever it leaves out is confirmed as requested.',
);

export const confirmRequestSchema = component(
  z.strictObject({
    lines: linesOf(
      confirmLineSchema,
      'Lines whose terms differ from the request (a proposal); left out: every line as requested.',
    ).optional(),
    note: text(4000).optional().meta({ description: 'Travels to Jakamo with the confirmation.' }),
    sellerContactId: boundedText(200, { min: 1 })
      .optional()
      .meta({ description: "SellerContact/ID of the OrderResponse (a user in Jakamo's user mapping)." }),
  }),
  'ConfirmRequest',
  'The ERP confirms the order: no lines = everything as requested; changed lines = a proposal to the customer (an OrderResponse).',
);

export const deliverLineSchema = component(
  z.strictObject({
    lineId,
    quantity: decimal.meta({
      description: 'Quantity delivered now (more than 0, at most what is confirmed and outstanding).',
    }),
  }),
  'DeliverLine',
);

export const deliverRequestSchema = component(
  z.strictObject({
    lines: linesOf(
      deliverLineSchema,
      'Quantities delivered now; left out: everything confirmed and outstanding.',
    ).optional(),
    note: text(4000).optional().meta({ description: 'Travels to Jakamo with the Delivered status.' }),
  }),
  'DeliverRequest',
  'The ERP delivered goods: for some lines, or (no lines) everything outstanding.',
);

export const operatorRequestSchema = component(
  z.strictObject({
    reason: text(4000).optional().meta({ description: "Why; kept in the order's history." }),
  }),
  'OperatorRequest',
);

/** The `Idempotency-Key` header of confirm and deliver: visible ASCII, at most 200 characters. */
const idempotencyKeyPattern = /^[\x21-\x7e]([\x20-\x7e]{0,198}[\x21-\x7e])?$/;
export const idempotencyKeySchema = z
  .string()
  .regex(idempotencyKeyPattern, 'must be 1 to 200 visible ASCII characters (no space at either end)')
  // What the pattern already says, for readers of the description.
  .meta({ minLength: 1, maxLength: 200 });

/** `{key}`: an order key or Jakamo order number. */
export const orderReferenceSchema = boundedText(1000, {
  min: 1,
  empty: 'name the order: its order key or Jakamo order number',
}).meta({ example: 'JKM-000001' });

export const documentDirections = ['inbound', 'outbound'] as const;
export const documentDirectionSchema = z.enum(documentDirections, { error: 'must be inbound or outbound' });
export const documentIdSchema = boundedText(200, { min: 1 });

/** Party ids and order numbers hold no control characters (and visibility queries must not). */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
export const noControlCharacters = /^[^\x00-\x1f\x7f]*$/;

/** The largest page size of `GET /orders`. */
export const maxPageSize = 200;
/** The deepest page of `GET /orders` (visibility pages by counting from the start). */
export const maxPage = 10_000;

/** Query values arrive as text; a parameter given twice arrives as a list and is refused. */
const single = (name: string) => z.string({ error: `give ${name} once, as text` });

/**
 * A whole number written in the query: its digits are read as the number, which the description
 * then shows as what it is (an integer with its bounds), not as text.
 */
const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value),
    z
      .int({
        error: (issue) =>
          Array.isArray(issue.input)
            ? `give ${name} once, as text`
            : `must be a whole number from ${min} to ${max}`,
      })
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );

/**
 * `GET /orders`' query. Each field is a query parameter of the description (its meta's
 * description is the parameter's), so the parameters cannot drift from what the API checks.
 */
export const orderListQuerySchema = z.strictObject({
  status: z
    .enum(Object.values(OrderStatus), { error: `must be one of ${Object.values(OrderStatus).join(', ')}` })
    .optional()
    .meta({ description: "Only orders in this status (the connector's own)" }),
  customer: single('customer')
    .min(1, 'must not be empty')
    .regex(noControlCharacters, 'must not hold control characters')
    .refine((value) => codePoints(value) <= 200, 'must be at most 200 characters')
    .optional()
    .meta({ maxLength: 200, description: "Only the orders of this buyer (BuyerCustomerParty's party id)" }),
  needsAttention: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true'))
    .meta({ description: 'true: only orders that need an operator; false: only those that do not' }),
  page: wholeNumber('page', 1, maxPage, 1).meta({ description: 'Page number, from 1' }),
  pageSize: wholeNumber('pageSize', 1, maxPageSize, 50).meta({ description: 'Orders per page' }),
});

// ---------------------------------------------------------------------------------------------
// Answers

const timestamp = z.string().meta({ description: 'ISO 8601' });

export const errorSchema = component(
  z.object({
    error: z
      .string()
      .meta({ description: 'A stable code, for example invalid_request, order_not_found, refused' }),
    message: z.string().meta({ description: 'What went wrong and what to do, in words' }),
    field: z
      .string()
      .optional()
      .meta({ description: 'The failing field of a 400, for example lines[0].quantity' }),
    reason: z.string().optional().meta({ description: "The workflow's own reason of a 409" }),
  }),
  'Error',
);

export const updateAnswerSchema = component(
  z.object({
    orderKey: z.string(),
    status: z.enum(Object.values(OrderStatus)),
    decided: z.string().meta({ description: 'What the order will do now, in words' }),
  }),
  'UpdateAnswer',
  'The order accepted the request.',
);

const lineTermsSchema = component(
  z.object({
    quantity: z.string().optional(),
    unitCode: z.string().optional(),
    price: z.string().optional(),
    currency: z.string().optional(),
    deliveryDate: z.string().optional(),
  }),
  'LineTerms',
  'Quantity, price and date of a line (decimals as strings).',
);

const orderLineSchema = component(
  z.object({
    lineId: z.string(),
    itemName: z.string().optional(),
    requested: lineTermsSchema,
    confirmed: lineTermsSchema.optional(),
    delivered: z.string(),
    status: z.enum(Object.values(LineStatus)),
  }),
  'OrderLine',
);

export const orderStateSchema = component(
  z.object({
    orderKey: z.string(),
    integration: z.string(),
    buyerPartyId: z.string(),
    orderNumber: z.string(),
    jakamoOrderNumber: z.string().optional(),
    confirmUrl: z.string().optional(),
    confirmationPolicy: z.enum(confirmationPolicies),
    responseStyle: z.enum(responseStyles),
    defaultSellerContactId: z.string().optional(),
    quietPeriodMs: z.int(),
    status: z.enum(Object.values(OrderStatus)),
    lines: z.array(orderLineSchema),
    documents: z.array(
      z.object({
        sha256: z.string(),
        kind: z.string(),
        receivedAt: timestamp,
        sequenceNumber: z.string().optional(),
        outcome: z.enum(['applied', 'duplicate', 'ignored', 'held']),
        note: z.string().optional(),
        attentionType: z.string().optional(),
      }),
    ),
    outbound: z.array(
      z.object({
        effectId: z.string(),
        kind: z.enum(outboundKinds),
        purpose: z.string(),
        at: timestamp,
        httpStatus: z.int().optional(),
        outcome: z.enum(['accepted', 'refused', 'not-sent']),
      }),
    ),
    history: z.array(
      z.object({ at: timestamp, status: z.enum(Object.values(OrderStatus)), note: z.string().optional() }),
    ),
    attention: z
      .object({
        effectId: z.string().optional(),
        documentSha256: z.string().optional(),
        stepKind: z.string(),
        step: z.string(),
        errorType: z.string(),
        reason: z.string(),
        advice: z.string(),
        command: z.string().describe('The command in the advice that answers the attention'),
        byHandCommand: z
          .string()
          .optional()
          .describe('The command in the advice for a step that was done by hand meanwhile'),
        retryable: z.boolean(),
        since: timestamp,
      })
      .optional(),
    basisSha256: z.string().optional(),
    lastSequenceNumber: z.string().optional(),
    erpImport: z.object({ created: z.boolean(), at: timestamp }).optional(),
    confirmedAt: timestamp.optional(),
    quietSince: timestamp.optional(),
    pendingEffects: z.array(z.looseObject({ kind: z.string(), id: z.string() })),
    runningEffectId: z.string().optional(),
    supersededEffectIds: z.array(z.string()),
    nextEffectNumber: z.int(),
    decidedUpdateIds: z.array(z.string()),
  }),
  'OrderState',
  "The whole order, as its workflow's `state` query returns it.",
);

export const orderPageSchema = component(
  z.object({
    total: z.int().meta({ description: 'How many orders match the filters (all pages)' }),
    page: z.int(),
    pageSize: z.int(),
    orders: z.array(
      z.object({
        orderKey: z.string(),
        jakamoOrderNumber: z.string().optional(),
        customer: z.string().optional(),
        status: z.enum(Object.values(OrderStatus)).optional(),
        needsAttention: z.boolean(),
        startedAt: timestamp,
        execution: z
          .string()
          .meta({ description: "Temporal's execution status: Running, or Completed once the order ended" }),
      }),
    ),
  }),
  'OrderPage',
);

export const orderDocumentsSchema = component(
  z.object({
    orderKey: z.string(),
    inbound: z.array(
      z.object({
        id: z.string().meta({ description: 'SHA-256 of the raw message' }),
        kind: z.string().optional(),
        rootElement: z.string().optional(),
        status: z.enum(inboundMessageStatuses),
        jakamoOrderNumber: z.string().optional(),
        receivedAt: timestamp,
        lastReceivedAt: timestamp,
        timesReceived: z.int(),
        acknowledgedAt: timestamp.optional(),
        error: z.string().optional(),
        contentType: z.string(),
        href: z.string().meta({ description: 'Where to download the raw document' }),
      }),
    ),
    outbound: z.array(
      z.object({
        id: z.string().meta({ description: 'The step that sent it (e3)' }),
        kind: z.enum(outboundKinds),
        purpose: z.string(),
        method: z.enum(['POST', 'PUT']),
        targetUrl: z.string(),
        status: z.enum(outboundStatuses),
        problems: z.string().optional(),
        attempts: z.int(),
        httpStatus: z.int().optional(),
        accepted: z.boolean().optional(),
        firstAttemptAt: timestamp,
        lastAttemptAt: timestamp,
        answeredAt: timestamp.optional(),
        contentType: z.string(),
        href: z.string().meta({ description: 'Where to download the request body as sent' }),
      }),
    ),
  }),
  'OrderDocuments',
  'The messages Jakamo sent for the order (inbound) and the requests sent to Jakamo (outbound), oldest first.',
);

const healthCheckSchema = z.object({ ok: z.boolean(), detail: z.string().optional() });

export const healthSchema = component(
  z.object({
    status: z.enum(['ok', 'unavailable']),
    down: z.array(z.enum(['temporal', 'database', 'intake'])),
    checks: z.object({ temporal: healthCheckSchema, database: healthCheckSchema, intake: healthCheckSchema }),
  }),
  'Health',
);

export type HealthAnswer = z.infer<typeof healthSchema>;

// ---------------------------------------------------------------------------------------------
// Compile-time proof that the schemas and the types agree.

type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : false;
/** `Sent` fits the schema's type, and the two name the same fields. */
type Describes<Schema extends z.ZodType, Sent> =
  Sent extends z.output<Schema> ? SameKeys<Sent, z.output<Schema>> : false;
const proven = <T extends true>(): T => true as T;

proven<Describes<typeof orderStateSchema, OrderState>>();
proven<Describes<typeof orderLineSchema, OrderState['lines'][number]>>();
proven<Describes<typeof lineTermsSchema, OrderState['lines'][number]['requested']>>();
proven<Describes<typeof updateAnswerSchema, OrderUpdateAnswer & { orderKey: string }>>();
proven<Describes<typeof orderPageSchema, OrderPage & { page: number; pageSize: number }>>();
proven<
  Describes<
    typeof orderDocumentsSchema,
    {
      orderKey: string;
      inbound: (OrderDocuments['inbound'][number] & { href: string })[];
      outbound: (OrderDocuments['outbound'][number] & { href: string })[];
    }
  >
>();
// What the schemas accept is what the workflow updates take.
proven<z.output<typeof confirmRequestSchema> extends ConfirmRequest ? true : false>();
proven<z.output<typeof deliverRequestSchema> extends DeliverRequest ? true : false>();
proven<z.output<typeof operatorRequestSchema> extends OperatorRequest ? true : false>();
