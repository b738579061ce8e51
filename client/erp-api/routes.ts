import type { Client } from '@temporalio/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { ConnectorDatabase } from '../../db/database';
import { intakeStateQuery } from '../../workflows/intake-messages';
import type { OrderUpdateAnswer } from '../../workflows/order/messages';
import { confirmOrder, deliverOrder, resolveOrder, retryOrder, showOrder } from '../orders/order-calls';
import { listOrderDocuments, orderDocumentContent, type DocumentDirection } from '../orders/order-documents';
import { listOrders } from '../orders/order-list';
import { OrderNotFound, resolveOrderKey } from '../orders/order-reference';
import { invalidInput, notFound, retryAfterSeconds } from './errors';
import {
  confirmRequestSchema,
  deliverRequestSchema,
  documentDirectionSchema,
  documentIdSchema,
  errorSchema,
  healthSchema,
  idempotencyKeySchema,
  noControlCharacters,
  operatorRequestSchema,
  orderDocumentsSchema,
  orderListQuerySchema,
  orderPageSchema,
  orderReferenceSchema,
  orderStateSchema,
  updateAnswerSchema,
  type HealthAnswer,
} from './schemas';

/**
 * The ERP API's routes, as one table: each route's method and path, whether it needs a token,
 * its OpenAPI operation (parameters, body, every answer) and its handler. The server registers
 * the table, the OpenAPI description is generated from it, and the tests iterate it.
 */

/** What the handlers work with: one integration's orders in one Temporal namespace and database. */
export interface ErpApiContext {
  client: Client;
  db: ConnectorDatabase;
  integration: string;
  intakeWorkflowId: string;
  /** How long one call to Temporal may take before the answer is a 503 (ms). */
  temporalTimeoutMs: number;
}

/** A path or header parameter of an operation; the description's schema is generated from `schema`. */
export interface ApiParameter {
  name: string;
  in: 'path' | 'header';
  required: boolean;
  description: string;
  schema: z.ZodType;
}

/** One answer of an operation: JSON with a component schema, or raw content. */
export interface ApiResponse {
  description: string;
  json?: z.ZodType;
  /** Raw content types (the documents' XML, the docs page). */
  raw?: string[];
  headers?: Record<string, { description: string; schema: Record<string, unknown> }>;
}

export interface ApiRoute {
  method: 'GET' | 'POST';
  /** OpenAPI form: `/orders/{key}`. */
  path: string;
  operationId: string;
  summary: string;
  description: string;
  tag: 'orders' | 'documents' | 'service';
  /** Served without a token (only the description of the API itself). */
  public?: boolean;
  parameters?: ApiParameter[];
  /** The query string: each field is a query parameter (see `orderListQuerySchema`). */
  query?: z.ZodObject;
  /** The JSON body (optional: an empty body is `{}`). */
  body?: z.ZodType;
  responses: Record<number, ApiResponse>;
  handle(context: ErpApiContext, request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

// ---------------------------------------------------------------------------------------------
// Answers shared by the routes

const retryAfterHeader = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
};
const wwwAuthenticateHeader = {
  'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } },
};
const unauthorizedAnswer: ApiResponse = {
  description: 'No bearer token, or not one of the ERP API tokens',
  json: errorSchema,
  headers: wwwAuthenticateHeader,
};
const badRequestAnswer: ApiResponse = {
  description: 'Invalid input: `field` names the failing field',
  json: errorSchema,
};
const notFoundAnswer: ApiResponse = {
  description: 'No such order in the integration (or it has finished and takes no more requests)',
  json: errorSchema,
};
const ambiguousNumberAnswer: ApiResponse = {
  description: 'The Jakamo order number names several orders: use the order key',
  json: errorSchema,
};
const temporalDownAnswer: ApiResponse = {
  description:
    'Temporal (or the database) cannot be reached or did not answer in time; try again after Retry-After',
  json: errorSchema,
  headers: retryAfterHeader,
};
const unsupportedMediaAnswer: ApiResponse = {
  description: 'The body is not JSON (send Content-Type: application/json)',
  json: errorSchema,
};
const tooLargeAnswer: ApiResponse = { description: 'The body is larger than 1 MiB', json: errorSchema };

const keyParameter: ApiParameter = {
  name: 'key',
  in: 'path',
  required: true,
  description:
    "The order key (`order:{integration}:{buyer}:{order number}`) or Jakamo's order number (`JKM-000012`), URL-encoded",
  schema: orderReferenceSchema,
};

const idempotencyKeyParameter: ApiParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Any unique text (a UUID): the same key sent again is decided once and gets the first answer, so a retried call never confirms or delivers twice',
  schema: idempotencyKeySchema,
};

// ---------------------------------------------------------------------------------------------
// Helpers of the handlers

function parse<T extends z.ZodType>(schema: T, value: unknown, where = ''): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(parsed.error, where);
  return parsed.data;
}

/** A call to Temporal with a deadline: an unreachable Temporal is a 503 within seconds, not a hang. */
function withTemporal<T>(context: ErpApiContext, call: () => Promise<T>): Promise<T> {
  return context.client.connection.withDeadline(Date.now() + context.temporalTimeoutMs, call);
}

function pathParameter(request: FastifyRequest, name: string): unknown {
  return (request.params as Record<string, unknown>)[name];
}

/** `{key}` → the order key of this integration (a Jakamo order number is looked up). */
async function orderKeyOf(context: ErpApiContext, request: FastifyRequest): Promise<string> {
  const reference = parse(orderReferenceSchema, pathParameter(request, 'key'), 'key');
  if (!noControlCharacters.test(reference)) {
    // No order key or Jakamo order number holds control characters: do not ask Temporal.
    throw new OrderNotFound(reference, `No order ${JSON.stringify(reference)}`);
  }
  return withTemporal(context, () =>
    resolveOrderKey(context.client, context.integration, reference, {
      onlyThisIntegration: true,
      checkKeyExists: false,
    }),
  );
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const value = request.headers['idempotency-key'];
  if (value === undefined) return undefined;
  return parse(idempotencyKeySchema, value, 'Idempotency-Key');
}

/** The body as JSON; an empty body (or none) is `{}`. */
const bodyOf = (request: FastifyRequest): unknown => request.body ?? {};

const documentHref = (key: string, direction: DocumentDirection, id: string): string =>
  `/orders/${encodeURIComponent(key)}/documents/${direction}/${encodeURIComponent(id)}`;

// ---------------------------------------------------------------------------------------------
// Health

/** Each check's calls to Temporal have this deadline; a check as a whole gets a second more. */
const healthTimeoutMs = 3000;

async function check(run: () => Promise<string | undefined>): Promise<{ ok: boolean; detail?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const limitMs = healthTimeoutMs + 1000;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${limitMs} ms`)), limitMs);
    });
    const detail = await Promise.race([run(), timeout]);
    return detail === undefined ? { ok: true } : { ok: true, detail };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

async function health(context: ErpApiContext): Promise<HealthAnswer> {
  const deadline = () => Date.now() + healthTimeoutMs;
  const [temporal, database, intake] = await Promise.all([
    check(async () => {
      await context.client.connection.withDeadline(deadline(), () =>
        context.client.workflowService.getSystemInfo({}),
      );
      return undefined;
    }),
    check(async () => {
      await sql`select 1`.execute(context.db);
      return undefined;
    }),
    check(async () => {
      const handle = context.client.workflow.getHandle(context.intakeWorkflowId);
      const description = await context.client.connection.withDeadline(deadline(), () => handle.describe());
      if (description.status.name !== 'RUNNING') {
        throw new Error(`the intake workflow ${context.intakeWorkflowId} is ${description.status.name}`);
      }
      // A query needs the worker: this proves the intake is served, not only recorded.
      const state = await context.client.connection.withDeadline(deadline(), () =>
        handle.query(intakeStateQuery),
      );
      if (state.paused) return `paused: ${state.pausedBecause ?? 'no reason given'}`;
      if (state.attention !== undefined) return `needs attention: ${state.attention.reason}`;
      return undefined;
    }),
  ]);
  const checks = { temporal, database, intake };
  const down = (['temporal', 'database', 'intake'] as const).filter((name) => !checks[name].ok);
  return { status: down.length === 0 ? 'ok' : 'unavailable', down, checks };
}

// ---------------------------------------------------------------------------------------------
// The table

function updateRoute<Body extends z.ZodType>(
  update: 'confirm' | 'deliver' | 'retry' | 'resolve',
  text: { summary: string; description: string },
  body: Body,
  idempotent: boolean,
  send: (
    context: ErpApiContext,
    key: string,
    request: z.output<Body>,
    updateId: string | undefined,
  ) => Promise<OrderUpdateAnswer>,
): ApiRoute {
  return {
    method: 'POST',
    path: `/orders/{key}/${update}`,
    operationId: `${update}Order`,
    ...text,
    tag: 'orders',
    parameters: idempotent ? [keyParameter, idempotencyKeyParameter] : [keyParameter],
    body,
    responses: {
      200: {
        description: 'The order accepted the request and says what it will do',
        json: updateAnswerSchema,
      },
      400: badRequestAnswer,
      401: unauthorizedAnswer,
      404: notFoundAnswer,
      409: {
        description:
          "The order refused the request (`reason` is the workflow's own words), or the Jakamo order number names several orders",
        json: errorSchema,
      },
      413: tooLargeAnswer,
      415: unsupportedMediaAnswer,
      503: temporalDownAnswer,
    },
    async handle(context, request) {
      const parsed = parse(body, bodyOf(request));
      const updateId = idempotent ? idempotencyKeyOf(request) : undefined;
      const key = await orderKeyOf(context, request);
      const answer = await withTemporal(context, () => send(context, key, parsed, updateId));
      return { orderKey: key, status: answer.status, decided: answer.decided };
    },
  };
}

export const erpApiRoutes: readonly ApiRoute[] = [
  {
    method: 'GET',
    path: '/orders',
    operationId: 'listOrders',
    summary: 'List orders',
    description:
      "The integration's orders, newest first (open orders first, the one the pipeline took up last on top, by `startedAt`; then finished ones), from Temporal visibility (search attributes JakamoOrderStatus, JakamoCustomer, NeedsAttention), one page at a time with the total.",
    tag: 'orders',
    query: orderListQuerySchema,
    responses: {
      200: { description: 'One page of orders and the total', json: orderPageSchema },
      400: badRequestAnswer,
      401: unauthorizedAnswer,
      503: temporalDownAnswer,
    },
    async handle(context, request) {
      const query = parse(orderListQuerySchema, request.query);
      const { page, pageSize, ...filter } = query;
      const found = await withTemporal(context, () =>
        listOrders(context.client, context.integration, filter, { page, pageSize }),
      );
      return { total: found.total, page, pageSize, orders: found.orders };
    },
  },
  {
    method: 'GET',
    path: '/orders/{key}',
    operationId: 'getOrder',
    summary: 'The whole order',
    description:
      "Status, lines (requested, confirmed, delivered), documents, what was sent to Jakamo, history and attention: the workflow's `state` query.",
    tag: 'orders',
    parameters: [keyParameter],
    responses: {
      200: { description: 'The order', json: orderStateSchema },
      400: badRequestAnswer,
      401: unauthorizedAnswer,
      404: notFoundAnswer,
      409: ambiguousNumberAnswer,
      503: temporalDownAnswer,
    },
    async handle(context, request) {
      const key = await orderKeyOf(context, request);
      return withTemporal(context, () => showOrder(context.client, key));
    },
  },
  updateRoute(
    'confirm',
    {
      summary: 'The ERP confirms the order',
      description:
        'No lines: everything as requested (a simple confirmation, or an OrderResponse). Changed lines: a proposal to the customer (an OrderResponse). Decimals as strings. Send an Idempotency-Key so that a retried call confirms once.',
    },
    confirmRequestSchema,
    true,
    (context, key, request, updateId) => confirmOrder(context.client, key, request, { updateId }),
  ),
  updateRoute(
    'deliver',
    {
      summary: 'The ERP delivered goods',
      description:
        'Quantities delivered now per line, or (no lines) everything confirmed and outstanding; Jakamo gets the Delivered status of each line delivered in full. Send an Idempotency-Key so that a retried call delivers once.',
    },
    deliverRequestSchema,
    true,
    (context, key, request, updateId) => deliverOrder(context.client, key, request, { updateId }),
  ),
  updateRoute(
    'retry',
    {
      summary: 'Run the step that needs attention again',
      description:
        "After fixing the cause of the order's attention (a mapping in Jakamo, the ERP): the waiting step runs again.",
    },
    operatorRequestSchema,
    false,
    (context, key, request) => retryOrder(context.client, key, request),
  ),
  updateRoute(
    'resolve',
    {
      summary: 'The step that needs attention was done by hand',
      description:
        'It was done in the ERP or in Jakamo by hand: the waiting step is dropped and the order carries on as if it had succeeded.',
    },
    operatorRequestSchema,
    false,
    (context, key, request) => resolveOrder(context.client, key, request),
  ),
  {
    method: 'GET',
    path: '/orders/{key}/documents',
    operationId: 'listOrderDocuments',
    summary: "The order's documents",
    description:
      'Every message Jakamo sent for the order (Order, OrderChange, OrderCancellation, StatusMessage) and every request sent to Jakamo (simple confirmation, OrderResponse, Delivered StatusMessage), with where to download each.',
    tag: 'documents',
    parameters: [keyParameter],
    responses: {
      200: { description: "The order's documents", json: orderDocumentsSchema },
      400: badRequestAnswer,
      401: unauthorizedAnswer,
      404: notFoundAnswer,
      409: ambiguousNumberAnswer,
      503: temporalDownAnswer,
    },
    async handle(context, request) {
      const key = await orderKeyOf(context, request);
      const documents = await listOrderDocuments(context.db, context.integration, key);
      if (documents === undefined)
        throw new OrderNotFound(key, `No documents of order ${key}: no such order`);
      return {
        orderKey: key,
        inbound: documents.inbound.map((document) => ({
          ...document,
          href: documentHref(key, 'inbound', document.id),
        })),
        outbound: documents.outbound.map((document) => ({
          ...document,
          href: documentHref(key, 'outbound', document.id),
        })),
      };
    },
  },
  {
    method: 'GET',
    path: '/orders/{key}/documents/{direction}/{id}',
    operationId: 'getOrderDocument',
    summary: 'Download one document',
    description:
      'The raw document: an archived message from Jakamo as received, or a request body as sent (XML; a simple confirmation is its form-encoded Note).',
    tag: 'documents',
    parameters: [
      keyParameter,
      {
        name: 'direction',
        in: 'path',
        required: true,
        description: 'inbound: from Jakamo; outbound: to Jakamo',
        schema: documentDirectionSchema,
      },
      {
        name: 'id',
        in: 'path',
        required: true,
        description: "The document's id from the list (an inbound message's SHA-256, an outbound step's id)",
        schema: documentIdSchema,
      },
    ],
    responses: {
      200: {
        description: 'The document as an attachment',
        raw: ['application/xml', 'application/x-www-form-urlencoded'],
        headers: {
          'Content-Disposition': { description: 'attachment; filename="…"', schema: { type: 'string' } },
        },
      },
      400: badRequestAnswer,
      401: unauthorizedAnswer,
      404: { description: 'No such order, or no such document of the order', json: errorSchema },
      409: ambiguousNumberAnswer,
      503: temporalDownAnswer,
    },
    async handle(context, request, reply) {
      const direction = parse(documentDirectionSchema, pathParameter(request, 'direction'), 'direction');
      const id = parse(documentIdSchema, pathParameter(request, 'id'), 'id');
      const key = await orderKeyOf(context, request);
      const content = await orderDocumentContent(context.db, context.integration, key, direction, id);
      if (content === undefined) throw notFound(`Order ${key} has no ${direction} document ${id}`);
      return reply
        .type(`${content.contentType}; charset=utf-8`)
        .header('content-disposition', `attachment; filename="${content.fileName}"`)
        .send(content.body);
    },
  },
  {
    method: 'GET',
    path: '/health',
    operationId: 'health',
    summary: 'Whether the pipeline can work',
    description:
      'Temporal reachable, the connector database reachable, and the intake workflow running and answering (its worker is up). 503 names what is down.',
    tag: 'service',
    responses: {
      200: {
        description: 'Everything is reachable (`detail` may say the intake is paused)',
        json: healthSchema,
      },
      401: unauthorizedAnswer,
      503: {
        description: '`down` names what cannot be reached',
        json: healthSchema,
        headers: retryAfterHeader,
      },
    },
    async handle(context, _request, reply) {
      const answer = await health(context);
      if (answer.status !== 'ok') reply.code(503).header('retry-after', String(retryAfterSeconds));
      return answer;
    },
  },
];

/** Routes that describe the API itself; added by the server (they need the finished description). */
export function describeRoutes(openApi: () => unknown, docsPage: () => string): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/openapi.json',
      operationId: 'openApi',
      summary: 'This description (OpenAPI 3)',
      description: 'Served without a token, like /docs: it holds no data.',
      tag: 'service',
      public: true,
      responses: { 200: { description: 'The OpenAPI 3 description', raw: ['application/json'] } },
      handle() {
        return Promise.resolve(openApi());
      },
    },
    {
      method: 'GET',
      path: '/docs',
      operationId: 'docs',
      summary: 'This description as a page to read',
      description: 'Served without a token, like /openapi.json.',
      tag: 'service',
      public: true,
      responses: { 200: { description: 'An HTML page', raw: ['text/html'] } },
      async handle(_context, _request, reply) {
        return reply.type('text/html; charset=utf-8').send(docsPage());
      },
    },
  ];
}
