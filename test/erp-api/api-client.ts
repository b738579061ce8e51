import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { ConnectorDatabase } from '../../db/database';
import { intakeWorkflowId } from '../../domain/order-key';
import { ApiTokens } from '../../client/erp-api/auth';
import { startErpApi, type RunningErpApi } from '../../client/erp-api/server';
import type { Logger } from '../../worker/logger';

/** The ERP API started in-process on a free loopback port, and a small fetch helper for it. */

export interface ApiUnderTest {
  api: RunningErpApi;
  token: string;
  call(method: string, path: string, options?: CallOptions): Promise<ApiAnswer>;
}

export interface CallOptions {
  /** The bearer token; default: the API's token; null: no Authorization header. */
  token?: string | null;
  /** JSON body (a string is sent as it is). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Ends the call (for a liveness bound: a call that hangs fails instead of holding the test). */
  signal?: AbortSignal;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON (undefined when it is not JSON). */
  json: unknown;
}

export const newToken = (): string => randomBytes(24).toString('hex');

export async function startApiUnderTest(options: {
  client: Client;
  db: ConnectorDatabase;
  integration: string;
  temporalTimeoutMs?: number;
  logger?: Logger;
}): Promise<ApiUnderTest> {
  const token = newToken();
  const api = await startErpApi({
    client: options.client,
    db: options.db,
    integration: options.integration,
    intakeWorkflowId: intakeWorkflowId(options.integration),
    tokens: new ApiTokens([token]),
    host: '127.0.0.1',
    port: 0,
    ...(options.temporalTimeoutMs === undefined ? {} : { temporalTimeoutMs: options.temporalTimeoutMs }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  return {
    api,
    token,
    async call(method, path, { token: given = token, body, headers = {}, signal } = {}) {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: {
          ...(given === null ? {} : { authorization: `Bearer ${given}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        signal,
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
  };
}

/** `/orders/{key}…` with the key URL-encoded. */
export const orderPath = (reference: string, rest = ''): string =>
  `/orders/${encodeURIComponent(reference)}${rest}`;
