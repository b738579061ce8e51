import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { OrderRequestRefused } from '../orders/order-calls';
import { AmbiguousJakamoOrderNumber, OrderNotFound } from '../orders/order-reference';
import { fieldPath, firstInputProblem } from './input-problem';

/**
 * Every failure of the ERP API as one HTTP answer: a status, a stable code, words that say what
 * to do, and for a 400 the failing field. One global error handler maps whatever a route throws
 * through `apiErrorOf`, so no input ends in an unexplained 500.
 */

/** Seconds an ERP should wait before trying again after a 503. */
export const retryAfterSeconds = 5;

export interface ApiErrorBody {
  error: string;
  message: string;
  field?: string;
  reason?: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: { field?: string; reason?: string } = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get body(): ApiErrorBody {
    return { error: this.code, message: this.message, ...this.details };
  }
}

/**
 * A 400 for the first problem zod found. `where` prefixes the field for input outside the body
 * (`query.`, the header name); body fields are named as they are (`lines[0].quantity`).
 */
export function invalidInput(error: z.ZodError, where = ''): ApiError {
  const { path, message } = firstInputProblem(error);
  const field = fieldPath(where, path) || 'body';
  return new ApiError(400, 'invalid_request', `${field}: ${message}`, { field });
}

export function unauthorized(presented: boolean): ApiError {
  return new ApiError(
    401,
    'unauthorized',
    presented
      ? 'The bearer token is not one of the ERP API tokens'
      : 'Send a bearer token: Authorization: Bearer <token> (ERP_API_TOKENS / ERP_API_TOKENS_FILE)',
    {},
    {
      'www-authenticate': presented
        ? 'Bearer realm="jakamo-so", error="invalid_token"'
        : 'Bearer realm="jakamo-so"',
    },
  );
}

export function notFound(message: string): ApiError {
  return new ApiError(404, 'not_found', message);
}

/** gRPC status codes that mean "Temporal cannot answer now", not "the request is wrong". */
const temporalUnavailableCodes = new Set([
  4, // DEADLINE_EXCEEDED
  8, // RESOURCE_EXHAUSTED
  14, // UNAVAILABLE
]);

/** The gRPC status code of a Temporal client error or any of its causes. */
function grpcCode(error: unknown): number | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (isGrpcServiceError(current)) return current.code;
    current = current.cause;
  }
  return undefined;
}

function isTemporalUnavailable(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const code = grpcCode(error);
  return code !== undefined && temporalUnavailableCodes.has(code);
}

/** A database that cannot be reached (PostgreSQL down, a network error) or not migrated yet. */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '42P01' || (error instanceof Error && /^no such table/.test(error.message))) return true;
  return (
    typeof code === 'string' &&
    ([
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'ENOTFOUND',
      '57P01',
      '57P03',
      'SQLITE_BUSY',
    ].includes(code) ||
      code.startsWith('08')) // PostgreSQL connection exceptions
  );
}

function unavailable(code: string, message: string): ApiError {
  return new ApiError(503, code, message, {}, { 'retry-after': String(retryAfterSeconds) });
}

/** Fastify's own 4xx (a body that is not JSON, too large, an unsupported content type). */
function isFastifyClientError(error: unknown): error is FastifyError {
  const { statusCode, code } = (error ?? {}) as Partial<FastifyError>;
  return (
    typeof statusCode === 'number' &&
    statusCode >= 400 &&
    statusCode < 500 &&
    typeof code === 'string' &&
    code.startsWith('FST_')
  );
}

/** Whatever a route threw, as the answer the ERP gets. */
export function apiErrorOf(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof OrderNotFound) return new ApiError(404, 'order_not_found', error.message);
  if (error instanceof AmbiguousJakamoOrderNumber)
    return new ApiError(409, 'ambiguous_order_number', error.message);
  if (error instanceof OrderRequestRefused) {
    return new ApiError(409, 'refused', `${error.update} refused: ${error.reason}`, { reason: error.reason });
  }
  if (isTemporalUnavailable(error)) {
    return unavailable(
      'temporal_unavailable',
      `Temporal did not answer (${(error as Error).message}): is Temporal up and the worker running? Send the request again later, with the same Idempotency-Key`,
    );
  }
  const code = grpcCode(error);
  if (code === 3) {
    // INVALID_ARGUMENT: Temporal could not take what was asked (an id or filter it cannot read).
    return new ApiError(400, 'invalid_request', `Temporal refused the request: ${(error as Error).message}`);
  }
  if (code === 5) return new ApiError(404, 'not_found', 'Temporal has no such order or workflow');
  if (isDatabaseUnavailable(error)) {
    return unavailable(
      'database_unavailable',
      'The connector database cannot be reached (or the worker has not created its tables yet); try again later',
    );
  }
  if (isFastifyClientError(error)) {
    const code =
      error.statusCode === 415
        ? 'unsupported_media_type'
        : error.statusCode === 413
          ? 'body_too_large'
          : 'invalid_request';
    return new ApiError(
      error.statusCode ?? 400,
      code,
      error.message,
      error.statusCode === 400 ? { field: 'body' } : {},
    );
  }
  return new ApiError(500, 'internal_error', 'The ERP API failed unexpectedly; the log has the details');
}

/** Fastify's error handler: every error becomes its answer; only unexpected ones are logged as errors. */
export function sendApiError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const answer = apiErrorOf(error);
  if (answer.statusCode >= 500) {
    request.log.error({ err: error }, `ERP API: ${answer.code}`);
  } else {
    request.log.info({ status: answer.statusCode, code: answer.code }, answer.message);
  }
  return reply
    .code(answer.statusCode)
    .headers(answer.headers)
    .type('application/json; charset=utf-8')
    .send(answer.body);
}
