import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StatusMessageLayout } from '../domain/status-message-layout';
import { authenticate } from './auth';
import { readConfirmNote } from './confirm-request';
import { errorBody, JakamoMessages, messageClearedBody, noMoreMessagesBody } from './jakamo-responses';
import { acknowledgeUrl, confirmUrl, jakamoPaths } from './jakamo-paths';
import { findDefaultUser } from './mappings';
import { checkOrderResponse } from './order-response-check';
import {
  applyOrderResponse,
  confirmAsRequested,
  markDelivered,
  OrderTransitionError,
} from './order-state-machine';
import { messageBody } from './message-queue';
import type { IntegrationRuntime, SandboxState } from './sandbox-state';
import { readStatusMessage } from './status-message';
import type { SandboxDocumentKind, SandboxOrderState } from './types';

/**
 * The supplier side of the SO API: what the pipeline calls. Every endpoint authenticates
 * first, then suffers the integration's injected faults, then does its work.
 */

const xmlType = 'application/xml; charset=utf-8';

export interface SupplierRouteOptions {
  statusMessageLayout: StatusMessageLayout;
  deliveredPath: string;
}

function send(reply: FastifyReply, status: number, body: string | Buffer): FastifyReply {
  return reply.code(status).type(xmlType).send(body);
}

function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Bodies are read as text; a JSON body (parsed by Fastify's own parser) is turned back into text. */
function bodyText(request: FastifyRequest): string {
  if (typeof request.body === 'string') return request.body;
  return request.body === undefined || request.body === null ? '' : JSON.stringify(request.body);
}

/** Tears the connection down without an answer: what the client sees when a network or proxy fails. */
function destroyConnection(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket.destroy();
}

/** Whether the client has gone away (aborted, timed out, its process killed) while the request waited. */
function clientGone(request: FastifyRequest): boolean {
  const raw = request.raw as typeof request.raw & { aborted?: boolean };
  return raw.aborted === true || raw.socket.destroyed;
}

/**
 * Holds a request `ms` long, or until its client goes away if that comes first: once nobody is
 * listening, waiting on serves no one (the caller asks `clientGone` what is left to do).
 */
async function holdWhileClientWaits(request: FastifyRequest, ms: number): Promise<void> {
  const socket = request.raw.socket;
  if (socket.destroyed) return;
  const gone = new AbortController();
  const onClose = () => gone.abort();
  socket.once('close', onClose);
  try {
    await sleep(ms, undefined, { signal: gone.signal });
  } catch (error) {
    if (!gone.signal.aborted) throw error;
  } finally {
    socket.off('close', onClose);
  }
}

/** A processed supplier request that belongs to an order: it is recorded there with its answer. */
interface ProcessedDocument {
  order: SandboxOrderState;
  kind: SandboxDocumentKind;
}

/**
 * Answers a confirmation, OrderResponse or PUT that has been processed, recording it on its
 * order (when it has one) with the answer — unless a lost-answer fault (`loseNextAnswers`,
 * `lostAnswerRate`) eats the answer: then the connection is destroyed instead, and the record
 * says so. `answerDelayMs` holds the answer back first (the request is already done).
 */
async function answerProcessed(
  state: SandboxState,
  runtime: IntegrationRuntime,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  body: string,
  document?: ProcessedDocument,
): Promise<FastifyReply> {
  const lost = runtime.faults.loseThisAnswer();
  if (document !== undefined) state.recordDocument(document.order, document.kind, status, body, lost);
  if (lost) runtime.stats.lostAnswers += 1;
  state.changed();
  const delay = runtime.faults.answerDelay();
  if (delay > 0) {
    runtime.stats.delayedAnswers += 1;
    await holdWhileClientWaits(request, delay);
  }
  if (lost) {
    destroyConnection(request, reply);
    return reply;
  }
  if (delay > 0 && clientGone(request)) {
    // Nobody is listening any more (timed out, killed): the request stays done all the same.
    reply.hijack();
    return reply;
  }
  return send(reply, status, body);
}

/**
 * The `holdNextDocuments` fault: the request waits, unprocessed, until its client goes (as the
 * longest latency would, but for this one document only); then it is dropped without an answer.
 */
async function heldByFault(
  runtime: IntegrationRuntime,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  if (!runtime.faults.holdThisDocument()) return false;
  runtime.stats.delayedRequests += 1;
  // Longer than any client waits for an answer (and within what a timer can hold).
  await holdWhileClientWaits(request, 2 ** 31 - 1);
  runtime.stats.abandonedRequests += 1;
  reply.hijack();
  return true;
}

/** The `refuseNextDocuments` fault: answers 400 with the next scripted error, before processing. */
async function refusedByFault(runtime: IntegrationRuntime, reply: FastifyReply): Promise<boolean> {
  const refusal = runtime.faults.refuseThisDocument();
  if (refusal === undefined) return false;
  runtime.stats.injectedErrors += 1;
  await send(reply, 400, errorBody(refusal));
  return true;
}

/**
 * Authentication, then faults. Returns the integration when the request should be served,
 * undefined when it has been answered (or dropped) already.
 */
async function admit(
  state: SandboxState,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<IntegrationRuntime | undefined> {
  const runtime = authenticate(state, request.headers);
  if (!runtime) {
    await send(reply, 400, errorBody(JakamoMessages.authenticationFailed));
    return undefined;
  }
  const delay = runtime.faults.delayMs();
  if (delay > 0) {
    runtime.stats.delayedRequests += 1;
    await holdWhileClientWaits(request, delay);
    // A client that gave up during the latency never got its request through: do not process it.
    if (clientGone(request)) {
      runtime.stats.abandonedRequests += 1;
      reply.hijack();
      return undefined;
    }
  }
  const decision = runtime.faults.decide();
  if (decision === 'drop') {
    runtime.stats.droppedConnections += 1;
    destroyConnection(request, reply);
    return undefined;
  }
  if (decision === 'error') {
    runtime.stats.injectedErrors += 1;
    await send(reply, 500, errorBody(JakamoMessages.injectedError));
    return undefined;
  }
  const limit = runtime.faults.current.maxBodyBytes;
  const size = Buffer.byteLength(bodyText(request), 'utf8');
  if (limit > 0 && size > limit) {
    await send(
      reply,
      413,
      errorBody(`Request body of ${size} bytes is larger than the limit of ${limit} bytes.`),
    );
    return undefined;
  }
  return runtime;
}

export function registerSupplierRoutes(
  app: FastifyInstance,
  state: SandboxState,
  options: SupplierRouteOptions,
): void {
  app.get(jakamoPaths.queue, async (request, reply) => {
    const runtime = await admit(state, request, reply);
    if (!runtime) return reply;
    const message = runtime.queue.head();
    if (!message) {
      runtime.stats.emptyPolls += 1;
      return send(reply, 200, noMoreMessagesBody);
    }
    runtime.stats.delivered += 1;
    state.changed();
    const base = baseUrlOf(request);
    void reply.header('X-Acknowledge-Uri', acknowledgeUrl(base, message.messageId));
    if (message.jakamoOrderNumber !== undefined) {
      void reply.header('Jakamo-Order-Number', message.jakamoOrderNumber);
      if (message.kind === 'Order' || message.kind === 'OrderChange') {
        void reply.header('Jakamo-Confirm-Url', confirmUrl(base, message.jakamoOrderNumber));
      }
    }
    return send(reply, 200, messageBody(message));
  });

  app.post<{ Params: { messageId: string } }>(jakamoPaths.acknowledge, async (request, reply) => {
    const runtime = await admit(state, request, reply);
    if (!runtime) return reply;
    if (runtime.faults.dropThisAck()) {
      runtime.stats.droppedConnections += 1;
      destroyConnection(request, reply);
      return reply;
    }
    const result = runtime.queue.acknowledge(request.params.messageId);
    if (result === 'unknown') return send(reply, 400, errorBody('Message not found.'));
    if (result === 'cleared') runtime.stats.acknowledged += 1;
    state.changed();
    if (runtime.faults.loseThisAck()) {
      runtime.stats.lostAcks += 1;
      destroyConnection(request, reply);
      return reply;
    }
    return send(reply, 200, messageClearedBody);
  });

  app.post<{ Params: { jakamoOrderNumber: string } }>(jakamoPaths.confirm, async (request, reply) => {
    const runtime = await admit(state, request, reply);
    if (!runtime) return reply;
    if (await heldByFault(runtime, request, reply)) return reply;
    if (await refusedByFault(runtime, reply)) return reply;
    const order = state.integrationOrder(runtime.config.id, request.params.jakamoOrderNumber);
    if (!order)
      return answerProcessed(state, runtime, request, reply, 400, errorBody(JakamoMessages.cannotFindOrder));
    const answer = (status: number, body: string) =>
      answerProcessed(state, runtime, request, reply, status, body, { order, kind: 'Confirm' });
    const defaultUser = findDefaultUser(runtime.mappings.userMappings);
    if (!defaultUser) return answer(400, errorBody(JakamoMessages.noDefaultUser));
    let note: string | undefined;
    try {
      note = readConfirmNote(bodyText(request), request.headers['content-type']);
    } catch {
      return answer(
        400,
        errorBody('The confirmation body could not be read (form, JSON or XML with a Note).'),
      );
    }
    try {
      confirmAsRequested(order);
    } catch (error) {
      if (error instanceof OrderTransitionError) return answer(400, errorBody(error.message));
      throw error;
    }
    order.confirmations += 1;
    runtime.stats.confirmations += 1;
    order.comments.push(
      `Order confirmed by ${defaultUser.jakamoUser}.` + (note === undefined ? '' : ` ${note}`),
    );
    return answer(200, '');
  });

  app.post(jakamoPaths.orderResponse, async (request, reply) => {
    const runtime = await admit(state, request, reply);
    if (!runtime) return reply;
    if (await heldByFault(runtime, request, reply)) return reply;
    if (await refusedByFault(runtime, reply)) return reply;
    const check = checkOrderResponse(
      bodyText(request),
      (reference) => state.ordersByReference(runtime.config.id, reference),
      runtime.mappings,
    );
    if (!check.ok) {
      runtime.stats.orderResponsesRejected += 1;
      const body = errorBody(check.message);
      const document = check.order && { order: check.order, kind: 'OrderResponse' as const };
      return answerProcessed(state, runtime, request, reply, check.httpStatus, body, document);
    }
    const { order } = check;
    try {
      applyOrderResponse(order, check.lines);
    } catch (error) {
      if (!(error instanceof OrderTransitionError)) throw error;
      runtime.stats.orderResponsesRejected += 1;
      return answerProcessed(state, runtime, request, reply, 400, errorBody(error.message), {
        order,
        kind: 'OrderResponse',
      });
    }
    order.orderResponses += 1;
    runtime.stats.orderResponses += 1;
    if (check.note !== undefined) order.comments.push(check.note);
    return answerProcessed(state, runtime, request, reply, 200, '', { order, kind: 'OrderResponse' });
  });

  app.put<{ Params: { orderNumber: string } }>(options.deliveredPath, async (request, reply) => {
    const runtime = await admit(state, request, reply);
    if (!runtime) return reply;
    if (await heldByFault(runtime, request, reply)) return reply;
    if (await refusedByFault(runtime, reply)) return reply;
    let message: ReturnType<typeof readStatusMessage>;
    try {
      message = readStatusMessage(bodyText(request), options.statusMessageLayout);
    } catch {
      return answerProcessed(state, runtime, request, reply, 500, errorBody(JakamoMessages.generic));
    }
    const order = state.ordersByReference(runtime.config.id, request.params.orderNumber)[0];
    if (!order)
      return answerProcessed(state, runtime, request, reply, 400, errorBody(JakamoMessages.cannotFindOrder));
    const answer = (status: number, body: string) =>
      answerProcessed(state, runtime, request, reply, status, body, { order, kind: 'StatusMessage' });
    if (
      message.orderNumber !== '' &&
      message.orderNumber !== order.orderNumber &&
      message.orderNumber !== order.jakamoOrderNumber
    ) {
      return answer(400, errorBody('StatusMessage order id does not match the order in the URL.'));
    }
    if (message.status !== 'Delivered')
      return answer(400, errorBody(`Unsupported status "${message.status}".`));
    try {
      markDelivered(order, message.lineIds, new Date().toISOString());
    } catch (error) {
      if (error instanceof OrderTransitionError) return answer(400, errorBody(error.message));
      throw error;
    }
    runtime.stats.statusMessages += 1;
    if (message.note !== undefined) order.comments.push(message.note);
    return answer(200, '');
  });
}
