import type { SandboxCompanyMapping, SandboxMappings, SandboxUserMapping } from './mappings';
import type { CustomerLineChange } from './order-state-machine';
import type { GeneratedOrderRequest, PlacedOrder } from './sandbox-state';
import type { SandboxFaults, SandboxOrderState, SandboxStats } from './types';

/** Typed client of the sandbox's customer-side control API (`/control/...`, JSON). */

export type { CustomerLineChange, PlacedOrder };
export type PlaceOrderRequest = GeneratedOrderRequest | { xml: string };
/** How a customer's whole-order cancellation reaches the supplier's queue. */
export type CustomerCancellationDocument = 'StatusMessage' | 'OrderCancellation';

/** The control API answered with an error; `reason` is its `error` text alone (for people). */
export class SandboxControlError extends Error {
  constructor(
    readonly httpStatus: number,
    message: string,
    readonly reason: string = message,
  ) {
    super(message);
  }
}

/** No answer at all from the sandbox (not running, wrong URL). */
export class SandboxUnreachableError extends Error {
  constructor(
    readonly baseUrl: string,
    cause: unknown,
  ) {
    const detail = (cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).message;
    super(`Cannot reach the Jakamo sandbox at ${baseUrl} (${detail})`, { cause });
  }
}

/** An integration as the control API lists it. */
export interface SandboxIntegrationSummary {
  id: string;
  username: string;
  supplier: { partyId: string; name: string };
  customers: { partyId: string; name: string }[];
  restrictOrderChanges: boolean;
}

export class SandboxControlClient {
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new SandboxUnreachableError(this.baseUrl, error);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new SandboxControlError(
        response.status,
        `sandbox ${method} ${path} → ${response.status}: ${message}`,
        message,
      );
    }
    return JSON.parse(text) as T;
  }

  private integrationPath(integrationId: string, rest: string): string {
    return `/control/integrations/${encodeURIComponent(integrationId)}/${rest}`;
  }

  private orderPath(jakamoOrderNumber: string, rest = ''): string {
    return `/control/orders/${encodeURIComponent(jakamoOrderNumber)}${rest === '' ? '' : `/${rest}`}`;
  }

  get url(): string {
    return this.baseUrl;
  }

  integrations(): Promise<SandboxIntegrationSummary[]> {
    return this.call('GET', '/control/integrations');
  }

  placeOrder(integrationId: string, request: PlaceOrderRequest): Promise<PlacedOrder> {
    return this.call('POST', this.integrationPath(integrationId, 'orders'), request);
  }

  /**
   * Puts any body in the queue, without order headers: text (malformed XML, say) as it is, or
   * bytes (not UTF-8, binary) that the queue then serves byte for byte.
   */
  enqueueRaw(integrationId: string, body: string | Uint8Array): Promise<{ messageId: string }> {
    const request =
      typeof body === 'string' ? { body } : { bodyBase64: Buffer.from(body).toString('base64') };
    return this.call('POST', this.integrationPath(integrationId, 'raw'), request);
  }

  getOrder(jakamoOrderNumber: string): Promise<SandboxOrderState> {
    return this.call('GET', this.orderPath(jakamoOrderNumber));
  }

  listOrders(integrationId?: string): Promise<SandboxOrderState[]> {
    const query = integrationId === undefined ? '' : `?integrationId=${encodeURIComponent(integrationId)}`;
    return this.call('GET', `/control/orders${query}`);
  }

  stats(): Promise<SandboxStats> {
    return this.call('GET', '/control/stats');
  }

  async setFaults(integrationId: string, faults: Partial<SandboxFaults>): Promise<void> {
    await this.call('PUT', this.integrationPath(integrationId, 'faults'), faults);
  }

  getFaults(integrationId: string): Promise<SandboxFaults> {
    return this.call('GET', this.integrationPath(integrationId, 'faults'));
  }

  /**
   * Customer OrderChange (new SequenceNumberID); quantity "0", cancel: true or lineStatusCode
   * "Cancelled" / "2" cancels a line (lineStatusCode is written verbatim into the OrderChange).
   */
  changeOrder(
    jakamoOrderNumber: string,
    change: { lines: CustomerLineChange[]; note?: string },
  ): Promise<SandboxOrderState> {
    return this.call('POST', this.orderPath(jakamoOrderNumber, 'change'), change);
  }

  /**
   * Customer cancels the whole order: a StatusMessage "Cancelled" in the queue (the default), or
   * a UBL OrderCancellation.
   */
  cancelOrder(
    jakamoOrderNumber: string,
    note?: string,
    as?: CustomerCancellationDocument,
  ): Promise<SandboxOrderState> {
    return this.call('POST', this.orderPath(jakamoOrderNumber, 'cancel'), { note, as });
  }

  acceptProposal(jakamoOrderNumber: string): Promise<SandboxOrderState> {
    return this.call('POST', this.orderPath(jakamoOrderNumber, 'accept'), {});
  }

  rejectProposal(jakamoOrderNumber: string): Promise<SandboxOrderState> {
    return this.call('POST', this.orderPath(jakamoOrderNumber, 'reject'), {});
  }

  getMappings(integrationId: string): Promise<SandboxMappings> {
    return this.call('GET', this.integrationPath(integrationId, 'mappings'));
  }

  setMappings(
    integrationId: string,
    mappings: { companyMappings?: SandboxCompanyMapping[]; userMappings?: SandboxUserMapping[] },
  ): Promise<SandboxMappings> {
    return this.call('PUT', this.integrationPath(integrationId, 'mappings'), mappings);
  }

  /** Seed 6.4: keep customer OrderChanges out of the queue. */
  async restrictOrderChanges(integrationId: string, restricted: boolean): Promise<void> {
    await this.call('PUT', this.integrationPath(integrationId, 'settings'), {
      restrictOrderChanges: restricted,
    });
  }
}
