import { JakamoApiError, JakamoErrorType, classifyJakamoAnswer, readJakamoErrors } from './jakamo-errors';
import type { JakamoAuth } from './jakamo-auth';

/** One message at the head of an integration's queue, as the SO API hands it out. */
export interface QueueMessage {
  body: string;
  acknowledgeUri: string;
  confirmUrl: string | undefined;
  jakamoOrderNumber: string | undefined;
}

export interface JakamoClientOptions {
  baseUrl: string;
  auth: JakamoAuth;
  timeoutMs: number;
  /**
   * ASSUMPTION (the public SO API page lost its example): the path a Delivered StatusMessage is
   * PUT to, with `{orderNumber}` for the customer's order number. Default `/api/order/{orderNumber}`.
   */
  deliveredPath?: string;
  /** Told about every request that reached the network (metrics); absent: nobody is told. */
  observer?: JakamoRequestObserver;
}

/**
 * The SO API's endpoints by name, for metrics: a low-cardinality label, never a URL (those
 * carry message and order ids).
 */
export type JakamoEndpoint = 'getMessage' | 'acknowledge' | 'confirm' | 'orderResponse' | 'statusMessage';

/** One finished request: its endpoint, Jakamo's HTTP status (undefined: no answer) and how long it took. */
export interface JakamoRequestDone {
  endpoint: JakamoEndpoint;
  status: number | undefined;
  durationMs: number;
}

export interface JakamoRequestObserver {
  requestDone(request: JakamoRequestDone): void;
}

/** Jakamo's answer to a request that succeeded. */
export interface JakamoAnswer {
  status: number;
  body: string;
}

/** A successful answer with its headers (the queue head's travel in them). */
interface HttpAnswer extends JakamoAnswer {
  headers: Headers;
}

const emptyQueuePattern = /<status>\s*No more messages available\.?\s*<\/status>/i;

/**
 * The supplier side of the Jakamo SO API over HTTP. Each method is one request; failures
 * are `JakamoApiError`s sorted into the error classes of DESIGN.md 4.3.
 */
export class JakamoClient {
  private readonly baseUrl: string;
  private readonly origin: string;

  constructor(private readonly options: JakamoClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
  }

  /** The oldest unacknowledged message, or undefined when the queue is empty. */
  async fetchQueueHead(signal?: AbortSignal): Promise<QueueMessage | undefined> {
    const request = 'GET /api/order/response';
    const response = await this.send(
      'getMessage',
      request,
      `${this.baseUrl}/api/order/response`,
      { method: 'GET' },
      signal,
    );
    const body = response.body;
    const acknowledgeUri = response.headers.get('x-acknowledge-uri') ?? undefined;
    if (acknowledgeUri === undefined) {
      if (emptyQueuePattern.test(body)) return undefined;
      throw new JakamoApiError(
        JakamoErrorType.UnexpectedResponse,
        request,
        response.status,
        readJakamoErrors(body),
        'no X-Acknowledge-Uri header and not the empty-queue answer',
      );
    }
    return {
      body,
      acknowledgeUri: new URL(acknowledgeUri, `${this.baseUrl}/`).toString(),
      confirmUrl: optionalUrl(response.headers.get('jakamo-confirm-url'), this.baseUrl),
      jakamoOrderNumber: response.headers.get('jakamo-order-number') ?? undefined,
    };
  }

  /** Clears a message from the queue (POST to its X-Acknowledge-Uri, no body). */
  async acknowledgeMessage(acknowledgeUri: string, signal?: AbortSignal): Promise<void> {
    await this.send('acknowledge', 'POST acknowledge URI', acknowledgeUri, { method: 'POST' }, signal);
  }

  /**
   * Simple confirmation: POST to the order's Jakamo-Confirm-Url confirms it as requested.
   * ASSUMPTION: the optional Note travels form-encoded (`Note=…`); the SO API page names the
   * parameter but not the encoding.
   */
  async simpleConfirm(confirmUrl: string, note?: string, signal?: AbortSignal): Promise<JakamoAnswer> {
    const init: RequestInit =
      note === undefined
        ? { method: 'POST' }
        : {
            method: 'POST',
            body: new URLSearchParams({ Note: note }).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          };
    const { status, body } = await this.send('confirm', 'POST Jakamo-Confirm-Url', confirmUrl, init, signal);
    return { status, body };
  }

  /** The body a simple confirmation sends (recorded before it is sent). */
  static simpleConfirmBody(note: string | undefined): string {
    return note === undefined ? '' : new URLSearchParams({ Note: note }).toString();
  }

  /** POST /api/orderresponse: a UBL 2.1 OrderResponse (confirmation, proposal or supplier update). */
  async postOrderResponse(xml: string, signal?: AbortSignal): Promise<JakamoAnswer> {
    const url = this.orderResponseUrl();
    const { status, body } = await this.send(
      'orderResponse',
      'POST /api/orderresponse',
      url,
      { method: 'POST', body: xml, headers: { 'content-type': 'application/xml; charset=utf-8' } },
      signal,
    );
    return { status, body };
  }

  orderResponseUrl(): string {
    return `${this.baseUrl}/api/orderresponse`;
  }

  /** PUT a StatusMessage (the supplier's "Delivered") for the customer's order number. */
  async putStatusMessage(orderNumber: string, xml: string, signal?: AbortSignal): Promise<JakamoAnswer> {
    const url = this.statusMessageUrl(orderNumber);
    const { status, body } = await this.send(
      'statusMessage',
      `PUT ${new URL(url).pathname}`,
      url,
      { method: 'PUT', body: xml, headers: { 'content-type': 'application/xml; charset=utf-8' } },
      signal,
    );
    return { status, body };
  }

  statusMessageUrl(orderNumber: string): string {
    const path = (this.options.deliveredPath ?? '/api/order/{orderNumber}').replace(
      '{orderNumber}',
      encodeURIComponent(orderNumber),
    );
    return `${this.baseUrl}${path}`;
  }

  /** One request, answered in full (body read); `endpoint` names it for the observer. */
  private async send(
    endpoint: JakamoEndpoint,
    request: string,
    url: string,
    init: RequestInit,
    signal?: AbortSignal,
  ): Promise<HttpAnswer> {
    if (new URL(url).origin !== this.origin) {
      // The URL came from a response header; the integration's credentials stay with Jakamo's host.
      throw new JakamoApiError(
        JakamoErrorType.BadRequest,
        request,
        undefined,
        [],
        `${new URL(url).origin} is not the host of JAKAMO_BASE_URL (${this.origin}); credentials are only sent there`,
      );
    }
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const headers = new Headers(init.headers);
    headers.set('authorization', await this.options.auth.authorizationHeader());
    headers.set('accept', 'application/xml');
    const started = performance.now();
    let status: number | undefined;
    let response: Response;
    let body: string;
    try {
      response = await fetch(url, {
        ...init,
        headers,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      status = response.status;
      const ok = response.status >= 200 && response.status < 300;
      // An error answer's body only explains the error: one that breaks off does not hide the status.
      body = ok ? await response.text() : await response.text().catch(() => '');
    } catch (error) {
      const cause = error instanceof Error ? describeNetworkError(error) : String(error);
      throw new JakamoApiError(JakamoErrorType.Unreachable, request, undefined, [], cause);
    } finally {
      this.options.observer?.requestDone({ endpoint, status, durationMs: performance.now() - started });
    }
    if (response.status >= 200 && response.status < 300) {
      return { status: response.status, body, headers: response.headers };
    }
    const errors = readJakamoErrors(body);
    throw new JakamoApiError(
      classifyJakamoAnswer(response.status, errors),
      request,
      response.status,
      errors,
      undefined,
      body,
    );
  }
}

function optionalUrl(value: string | null, base: string): string | undefined {
  return value === null || value.trim() === '' ? undefined : new URL(value, `${base}/`).toString();
}

function describeNetworkError(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  if (error.name === 'TimeoutError') return 'no answer before the timeout';
  return code ? `${error.message} (${code})` : error.message;
}
