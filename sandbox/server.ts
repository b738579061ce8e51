import Fastify, { type FastifyError } from 'fastify';
import type { AddressInfo } from 'node:net';
import { defaultStatusMessageLayout, type StatusMessageLayout } from '../domain/status-message-layout';
import { demoIntegrations, validateIntegrations, type SandboxIntegrationConfig } from './config';
import { registerControlRoutes } from './control-routes';
import { errorBody, JakamoMessages } from './jakamo-responses';
import { jakamoPaths } from './jakamo-paths';
import { SandboxRequestError, SandboxState } from './sandbox-state';
import type { SandboxFaults } from './types';
import { loadStateFile, saveStateFile } from './state-file';
import { registerSupplierRoutes } from './supplier-routes';

export interface SandboxAssumptions {
  /** StatusMessage layout (default domain/status-message-layout.ts). */
  statusMessageLayout?: StatusMessageLayout;
  /** Fastify route of the supplier's "Delivered" PUT; must contain `:orderNumber`. Default `/api/order/:orderNumber`. */
  deliveredPath?: string;
}

export interface SandboxOptions {
  /** Default 127.0.0.1: the sandbox is a local tool. */
  host?: string;
  /** 0 = a free port. Default 0. */
  port?: number;
  /** Default demoIntegrations(). */
  integrations?: SandboxIntegrationConfig[];
  /** JSON file the state is kept in across restarts. */
  stateFile?: string;
  /** pino level; default "silent". */
  logLevel?: string;
  /** Largest request body accepted, in bytes; larger → 413. Default 1 MiB. */
  bodyLimitBytes?: number;
  /** Largest body of `POST /control/integrations/:id/raw` (JSON, base64 included). Default 32 MiB. */
  rawMessageLimitBytes?: number;
  /** Faults every integration starts with (after its own `faults` in the configuration). */
  faults?: Partial<SandboxFaults>;
  assumptions?: SandboxAssumptions;
}

export interface RunningSandbox {
  /** For example http://127.0.0.1:54321 */
  baseUrl: string;
  close(): Promise<void>;
}

const defaultBodyLimit = 1024 * 1024;
/** How often, at most, the sandbox rewrites its state file while it changes. */
const stateSaveIntervalMs = 250;

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const integrations = options.integrations ?? demoIntegrations();
  validateIntegrations(integrations);
  const deliveredPath = options.assumptions?.deliveredPath ?? jakamoPaths.defaultDeliveredPath;
  if (!deliveredPath.includes(':orderNumber')) throw new Error('deliveredPath must contain ":orderNumber"');
  const layout = options.assumptions?.statusMessageLayout ?? defaultStatusMessageLayout;
  const bodyLimit = options.bodyLimitBytes ?? defaultBodyLimit;

  // Writes are coalesced: the whole state is rewritten at most every 250 ms (and on close), since
  // a long queue with large messages makes each write costly (a soak with a backlog of 1,600
  // messages spent most of a core here when every mutation wrote the file).
  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    saveTimer = undefined;
    if (options.stateFile !== undefined) saveStateFile(options.stateFile, state.snapshot());
  };
  const state: SandboxState = new SandboxState(
    integrations,
    options.stateFile === undefined ? undefined : loadStateFile(options.stateFile),
    () => {
      if (options.stateFile === undefined || saveTimer !== undefined) return;
      saveTimer = setTimeout(save, stateSaveIntervalMs);
    },
  );

  for (const config of integrations) {
    const runtime = state.integration(config.id);
    runtime.faults.update({ ...config.faults, ...options.faults });
  }

  const app = Fastify({
    bodyLimit,
    // Closing cuts the connections still open: a client's keep-alive connection that was busy when
    // the close began would otherwise hold it for the whole keep-alive timeout (72 s).
    forceCloseConnections: true,
    logger: {
      level: options.logLevel ?? 'silent',
      // Requests are logged by method and URL only; the Authorization header never reaches a log.
      redact: ['req.headers.authorization', 'req.headers.Authorization'],
    },
  });

  // Supplier endpoints take XML (or form text for the confirm URL): every non-JSON body is read as text.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError | SandboxRequestError, request, reply) => {
    const isControl = request.url.startsWith('/control/');
    if (error instanceof SandboxRequestError)
      return reply.code(error.httpStatus).send({ error: error.message });
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = request.routeOptions.bodyLimit ?? bodyLimit;
      const message = `Request body is larger than the limit of ${limit} bytes.`;
      return isControl
        ? reply.code(413).send({ error: message })
        : reply.code(413).type('application/xml; charset=utf-8').send(errorBody(message));
    }
    const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'sandbox request failed');
    if (isControl) return reply.code(status).send({ error: error.message });
    return reply
      .code(status)
      .type('application/xml; charset=utf-8')
      .send(errorBody(status === 500 ? JakamoMessages.generic : error.message));
  });

  registerSupplierRoutes(app, state, { statusMessageLayout: layout, deliveredPath });
  registerControlRoutes(app, state, layout, options.rawMessageLimitBytes);

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;

  let closed = false;
  return {
    baseUrl,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      if (options.stateFile !== undefined) save();
    },
  };
}
