import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import packageJson from '../../package.json';
import type { ConnectorDatabase } from '../../db/database';
import type { Logger } from '../../worker/logger';
import { bearerToken, type ApiTokens } from './auth';
import { renderDocsPage } from './docs-page';
import { ApiError, notFound, sendApiError, unauthorized } from './errors';
import { buildOpenApi } from './openapi';
import { describeRoutes, erpApiRoutes, type ApiRoute, type ErpApiContext } from './routes';

/**
 * The ERP HTTP API (`jakamo-so api`, and `jakamo-so start` runs it too): fastify serving the
 * route table for one integration, every route behind a bearer token except the description of
 * the API itself, every error answered by one handler.
 */

export interface ErpApiOptions {
  client: Client;
  db: ConnectorDatabase;
  integration: string;
  intakeWorkflowId: string;
  tokens: ApiTokens;
  /** Request logs go here (the Authorization header never does); none: no logs. */
  logger?: Logger;
  /** How long one call to Temporal may take before the answer is a 503 (default 10 s). */
  temporalTimeoutMs?: number;
}

export interface RunningErpApi {
  /** For example http://127.0.0.1:8091 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Largest request body accepted: 1 MiB. */
const bodyLimit = 1024 * 1024;

/** `/orders/{key}` → fastify's `/orders/:key`. */
const fastifyPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

/** What a request log line shows: never a header, so never the Authorization header. */
function requestForLog(request: FastifyRequest) {
  return { method: request.method, url: request.url, remoteAddress: request.ip };
}

/** The methods each path of the table takes: `url` → its methods (none: no such path). */
function methodsByPath(routes: readonly ApiRoute[]): (url: string) => string[] {
  const patterns = routes.map((route) => ({
    method: route.method,
    pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+').replace(/\./g, '\\.')}$`),
  }));
  return (url) => {
    const path = url.split('?')[0] ?? '';
    return [...new Set(patterns.filter(({ pattern }) => pattern.test(path)).map(({ method }) => method))];
  };
}

/** Every route of the API: the table and the two that describe it. */
export function allErpApiRoutes(integration = 'default'): ApiRoute[] {
  let openApi: ReturnType<typeof buildOpenApi> | undefined;
  let docs: string | undefined;
  const describe = () => (openApi ??= buildOpenApi(routes, { version: packageJson.version, integration }));
  const routes: ApiRoute[] = [
    ...erpApiRoutes,
    ...describeRoutes(describe, () => (docs ??= renderDocsPage(describe()))),
  ];
  return routes;
}

/** The API, ready for `listen` or `inject`. */
export function createErpApi(options: ErpApiOptions): FastifyInstance {
  const context: ErpApiContext = {
    client: options.client,
    db: options.db,
    integration: options.integration,
    intakeWorkflowId: options.intakeWorkflowId,
    temporalTimeoutMs: options.temporalTimeoutMs ?? 10_000,
  };
  const loggerInstance: FastifyBaseLogger | undefined = options.logger?.child(
    { component: 'erp-api' },
    {
      serializers: { req: requestForLog },
      redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
    },
  );
  const app = Fastify({
    bodyLimit,
    exposeHeadRoutes: false,
    // Order keys are long and URL-encoded.
    routerOptions: { maxParamLength: 2048 },
    ...(loggerInstance === undefined ? { logger: false } : { loggerInstance }),
  });

  // JSON bodies only; an empty body is no body (`{}` for the updates).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    void parseJson(request, body as string, done);
  });

  const routes = allErpApiRoutes(options.integration);
  const allowed = methodsByPath(routes);

  app.addHook('onRequest', async (request, reply) => {
    if ((request.routeOptions.config as { public?: boolean } | undefined)?.public === true) return;
    const token = bearerToken(request.headers.authorization);
    if (token === undefined || !options.tokens.accepts(token)) {
      return sendApiError(unauthorized(request.headers.authorization !== undefined), request, reply);
    }
    // A known path with another method: 405 with Allow, before any body is read.
    const methods = request.is404 ? allowed(request.url) : [];
    if (methods.length > 0) {
      const error = new ApiError(
        405,
        'method_not_allowed',
        `${request.method} is not allowed here: use ${methods.join(' or ')}`,
        {},
        { allow: methods.join(', ') },
      );
      return sendApiError(error, request, reply);
    }
  });
  app.setErrorHandler((error, request, reply) => sendApiError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendApiError(
      notFound(`No route ${request.method} ${request.url.split('?')[0]}: see /docs`),
      request,
      reply,
    ),
  );

  for (const route of routes) {
    app.route({
      method: route.method,
      url: fastifyPath(route.path),
      config: { public: route.public === true },
      handler: (request, reply) => route.handle(context, request, reply),
    });
  }
  return app;
}

/** Starts the API on `host:port` (port 0: any free port). */
export async function startErpApi(
  options: ErpApiOptions & { host: string; port: number },
): Promise<RunningErpApi> {
  const app = createErpApi(options);
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new Error(
        `The ERP API cannot listen on ${options.host}:${options.port} (${code}): set ERP_API_PORT (and ERP_API_HOST) to a free address`,
      );
    }
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`,
    port: address.port,
    close: () => app.close(),
  };
}
