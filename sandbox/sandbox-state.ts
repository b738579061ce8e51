import { defaultMappings, type SandboxIntegrationConfig } from './config';
import { FaultInjector } from './faults';
import { generateLines, todayIso, type GeneratedLine } from './generated-order';
import { resolveCompanyIdentifier, type SandboxMappings } from './mappings';
import { MessageQueue, type QueuedMessage, type QueuedMessageKind } from './message-queue';
import { readCustomerOrder } from './order-import';
import type { PersistedState } from './state-file';
import {
  buildOrderCancellationXml,
  buildOrderChangeXml,
  buildOrderXml,
  toUblLines,
  type UblOrderContent,
} from './ubl-documents';
import type {
  SandboxDocumentKind,
  SandboxIntegrationStats,
  SandboxLineTerms,
  SandboxOrderLine,
  SandboxOrderState,
  SandboxStats,
} from './types';

/**
 * Everything the sandbox knows: integrations (credentials, mappings, queue, counters, faults)
 * and orders. Routes call into it; it calls `onChange` after every mutation so the state
 * file can be written.
 */

/** A control-API request the sandbox cannot honour; `httpStatus` is what the control API answers. */
export class SandboxRequestError extends Error {
  constructor(
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
  }
}

export function emptyStats(): SandboxIntegrationStats {
  return {
    queued: 0,
    delivered: 0,
    emptyPolls: 0,
    acknowledged: 0,
    confirmations: 0,
    authFailures: 0,
    orderResponses: 0,
    orderResponsesRejected: 0,
    statusMessages: 0,
    ordersPlaced: 0,
    injectedErrors: 0,
    droppedConnections: 0,
    lostAcks: 0,
    lostAnswers: 0,
    delayedRequests: 0,
    abandonedRequests: 0,
    delayedAnswers: 0,
  };
}

export class IntegrationRuntime {
  readonly faults = new FaultInjector();

  constructor(
    readonly config: SandboxIntegrationConfig,
    public mappings: SandboxMappings,
    public restrictOrderChanges: boolean,
    readonly queue: MessageQueue,
    readonly stats: SandboxIntegrationStats,
  ) {}
}

export interface GeneratedOrderRequest {
  customerPartyId: string;
  lines?: number;
  seed?: number;
  orderNumber?: string;
  /** Seed 8.2 routing: the identifiers the customer itself put in its Order. */
  buyerExternalId?: string;
  sellerExternalId?: string;
}

export interface PlacedOrder {
  jakamoOrderNumber: string;
  orderNumber: string;
  buyerPartyId: string;
}

export class SandboxState {
  readonly integrations = new Map<string, IntegrationRuntime>();
  private readonly orders = new Map<string, SandboxOrderState>();
  /** integration + customer order number → orders: OrderResponse and PUT look-ups stay O(1) in benchmarks. */
  private readonly byOrderNumber = new Map<string, SandboxOrderState[]>();
  private nextOrderSequence = 1;
  private nextMessageSequence = 1;
  unknownUserAuthFailures = 0;

  constructor(
    configs: SandboxIntegrationConfig[],
    persisted: PersistedState | undefined,
    private readonly onChange: () => void = () => undefined,
  ) {
    for (const config of configs) {
      const saved = persisted?.integrations[config.id];
      this.integrations.set(
        config.id,
        new IntegrationRuntime(
          config,
          saved?.mappings ?? defaultMappings(config),
          saved?.restrictOrderChanges ?? config.restrictOrderChanges ?? false,
          new MessageQueue(saved?.queue),
          // Counters added since the state file was written start at 0.
          { ...emptyStats(), ...saved?.stats },
        ),
      );
    }
    if (persisted) {
      this.nextOrderSequence = persisted.nextOrderSequence;
      this.nextMessageSequence = persisted.nextMessageSequence;
      this.unknownUserAuthFailures = persisted.unknownUserAuthFailures;
      for (const order of persisted.orders) this.index(order);
    }
  }

  private index(order: SandboxOrderState): void {
    this.orders.set(order.jakamoOrderNumber, order);
    const key = `${order.integrationId}\u0000${order.orderNumber}`;
    this.byOrderNumber.set(key, [...(this.byOrderNumber.get(key) ?? []), order]);
  }

  changed(): void {
    this.onChange();
  }

  integration(id: string): IntegrationRuntime {
    const runtime = this.integrations.get(id);
    if (!runtime) throw new SandboxRequestError(404, `Unknown integration "${id}".`);
    return runtime;
  }

  byUsername(username: string): IntegrationRuntime | undefined {
    for (const runtime of this.integrations.values())
      if (runtime.config.username === username) return runtime;
    return undefined;
  }

  order(jakamoOrderNumber: string): SandboxOrderState {
    const order = this.orders.get(jakamoOrderNumber);
    if (!order) throw new SandboxRequestError(404, `Unknown order "${jakamoOrderNumber}".`);
    return order;
  }

  listOrders(integrationId?: string): SandboxOrderState[] {
    return [...this.orders.values()].filter(
      (o) => integrationId === undefined || o.integrationId === integrationId,
    );
  }

  /** An order by its Jakamo number, only if it belongs to the integration (one supplier never touches another's orders). */
  integrationOrder(integrationId: string, jakamoOrderNumber: string): SandboxOrderState | undefined {
    const order = this.orders.get(jakamoOrderNumber);
    return order?.integrationId === integrationId ? order : undefined;
  }

  /** Orders of an integration an OrderResponse/PUT may mean: by customer order number, else Jakamo number. */
  ordersByReference(integrationId: string, reference: string): SandboxOrderState[] {
    const byCustomerNumber = this.byOrderNumber.get(`${integrationId}\u0000${reference}`) ?? [];
    if (byCustomerNumber.length > 0) return [...byCustomerNumber];
    const byJakamoNumber = this.orders.get(reference);
    return byJakamoNumber?.integrationId === integrationId ? [byJakamoNumber] : [];
  }

  stats(): SandboxStats {
    const integrations: Record<string, SandboxIntegrationStats> = {};
    for (const [id, runtime] of this.integrations) {
      integrations[id] = { ...runtime.stats, queued: runtime.queue.size };
    }
    return { integrations, unknownUserAuthFailures: this.unknownUserAuthFailures, orders: this.orders.size };
  }

  private enqueue(
    runtime: IntegrationRuntime,
    kind: QueuedMessageKind,
    body: string,
    jakamoOrderNumber?: string,
    bodyEncoding?: 'base64',
  ) {
    const message: QueuedMessage = {
      messageId: `MSG-${String(this.nextMessageSequence++).padStart(8, '0')}`,
      kind,
      jakamoOrderNumber,
      body,
      ...(bodyEncoding === undefined ? {} : { bodyEncoding }),
      enqueuedAt: new Date().toISOString(),
    };
    runtime.queue.enqueue(message);
    return message;
  }

  /** Queues any text verbatim (malformed XML, say), without order headers. */
  enqueueRaw(integrationId: string, body: string): { messageId: string } {
    const message = this.enqueue(this.integration(integrationId), 'Raw', body);
    this.changed();
    return { messageId: message.messageId };
  }

  /** Queues bytes (not UTF-8, binary) that the queue serves exactly as given, without order headers. */
  enqueueRawBytes(integrationId: string, bytes: Buffer): { messageId: string } {
    const runtime = this.integration(integrationId);
    const message = this.enqueue(runtime, 'Raw', bytes.toString('base64'), undefined, 'base64');
    this.changed();
    return { messageId: message.messageId };
  }

  /** Queues a customer StatusMessage (already built by the caller) for an order. */
  enqueueStatusMessage(order: SandboxOrderState, body: string): void {
    this.enqueue(this.integration(order.integrationId), 'StatusMessage', body, order.jakamoOrderNumber);
  }

  private customerName(runtime: IntegrationRuntime, customerPartyId: string): string {
    return runtime.config.customers.find((c) => c.partyId === customerPartyId)?.name ?? customerPartyId;
  }

  private newJakamoOrderNumber(): string {
    return `JKM-${String(this.nextOrderSequence++).padStart(6, '0')}`;
  }

  private assertOrderNumberFree(integrationId: string, customerPartyId: string, orderNumber: string): void {
    const sameNumber = this.byOrderNumber.get(`${integrationId}\u0000${orderNumber}`) ?? [];
    if (sameNumber.some((o) => o.customerPartyId === customerPartyId)) {
      throw new SandboxRequestError(
        409,
        `Customer ${customerPartyId} already has an order "${orderNumber}".`,
      );
    }
  }

  private register(
    runtime: IntegrationRuntime,
    jakamoOrderNumber: string,
    content: {
      orderNumber: string;
      issueDate: string;
      currency: string;
      buyerPartyId: string;
      customerPartyId: string;
    },
    lines: GeneratedLine[],
    xml: string,
  ): PlacedOrder {
    const order: SandboxOrderState = {
      jakamoOrderNumber,
      orderNumber: content.orderNumber,
      integrationId: runtime.config.id,
      buyerPartyId: content.buyerPartyId,
      customerPartyId: content.customerPartyId,
      currency: content.currency,
      issueDate: content.issueDate,
      status: 'Waiting for supplier confirmation',
      sequenceNumber: 0,
      confirmations: 0,
      orderResponses: 0,
      lines: lines.map((line): SandboxOrderLine => ({
        lineId: line.lineId,
        itemName: line.itemName,
        sellersItemId: line.sellersItemId,
        unitCode: line.unitCode,
        requested: { ...line.terms },
        status: 'Waiting for supplier confirmation',
      })),
      comments: [],
      documents: [],
    };
    this.index(order);
    this.enqueue(runtime, 'Order', xml, jakamoOrderNumber);
    runtime.stats.ordersPlaced += 1;
    this.changed();
    return { jakamoOrderNumber, orderNumber: order.orderNumber, buyerPartyId: order.buyerPartyId };
  }

  placeGeneratedOrder(integrationId: string, request: GeneratedOrderRequest): PlacedOrder {
    const runtime = this.integration(integrationId);
    const customer = runtime.config.customers.find((c) => c.partyId === request.customerPartyId);
    if (!customer) {
      throw new SandboxRequestError(
        400,
        `"${request.customerPartyId}" is not a customer of integration "${integrationId}".`,
      );
    }
    const lineCount = request.lines ?? 3;
    if (!Number.isInteger(lineCount) || lineCount < 1 || lineCount > 1000) {
      throw new SandboxRequestError(400, 'lines must be an integer between 1 and 1000.');
    }
    const jakamoOrderNumber = this.newJakamoOrderNumber();
    const sequence = Number(jakamoOrderNumber.slice(4));
    const orderNumber = request.orderNumber ?? `PO-${String(sequence).padStart(6, '0')}`;
    this.assertOrderNumberFree(integrationId, customer.partyId, orderNumber);
    const buyerPartyId =
      resolveCompanyIdentifier(runtime.mappings.companyMappings, customer.partyId, {
        buyerCustomerPartyId: request.buyerExternalId,
        sellerSupplierPartyId: request.sellerExternalId,
      }) ?? customer.partyId;
    const issueDate = todayIso();
    const lines = generateLines(request.seed ?? sequence, lineCount, issueDate);
    const currency = runtime.config.currency ?? 'EUR';
    const content: UblOrderContent = {
      orderNumber,
      issueDate,
      currency,
      buyer: { partyId: buyerPartyId, name: customer.name },
      seller: runtime.config.supplier,
      lines: lines.map((line) => ({ ...line })),
    };
    return this.register(
      runtime,
      jakamoOrderNumber,
      { orderNumber, issueDate, currency, buyerPartyId, customerPartyId: customer.partyId },
      lines,
      buildOrderXml(content),
    );
  }

  /** A customer-supplied Order: queued verbatim, read for the order's state. */
  placeXmlOrder(integrationId: string, xml: string): PlacedOrder {
    const runtime = this.integration(integrationId);
    let imported: ReturnType<typeof readCustomerOrder>;
    try {
      imported = readCustomerOrder(xml);
    } catch (error) {
      throw new SandboxRequestError(400, `Cannot place this order: ${(error as Error).message}`);
    }
    const mapped = runtime.mappings.companyMappings.find((m) => m.identifier === imported.buyerPartyId);
    const customerPartyId = mapped?.customerPartyId ?? imported.buyerPartyId;
    this.assertOrderNumberFree(integrationId, customerPartyId, imported.orderNumber);
    return this.register(
      runtime,
      this.newJakamoOrderNumber(),
      { ...imported, customerPartyId },
      imported.lines,
      xml,
    );
  }

  /** Queues a customer OrderCancellation (UBL 2.1) for the whole order. */
  enqueueOrderCancellation(order: SandboxOrderState, note: string | undefined): void {
    const runtime = this.integration(order.integrationId);
    const xml = buildOrderCancellationXml({
      cancellationId: `${order.orderNumber}-CANCEL`,
      issueDate: todayIso(),
      orderNumber: order.orderNumber,
      cancellationNote: note ?? 'Order cancelled by the customer.',
      buyer: { partyId: order.buyerPartyId, name: this.customerName(runtime, order.customerPartyId) },
      seller: runtime.config.supplier,
    });
    this.enqueue(runtime, 'OrderCancellation', xml, order.jakamoOrderNumber);
  }

  /**
   * Queues an OrderChange carrying the order's lines with the given terms, unless OrderChanges
   * are restricted (seed 6.4). `lineStatusCodes` (line id → code) are the LineStatusCodes the
   * customer gave in this change, written verbatim.
   */
  enqueueOrderChange(
    order: SandboxOrderState,
    termsOf: (line: SandboxOrderLine) => SandboxLineTerms,
    note?: string,
    lineStatusCodes?: ReadonlyMap<string, string>,
  ): boolean {
    const runtime = this.integration(order.integrationId);
    if (runtime.restrictOrderChanges) {
      order.comments.push(
        `OrderChange ${order.sequenceNumber} was not passed to the SO API queue (OrderChange messages are restricted).`,
      );
      return false;
    }
    const xml = buildOrderChangeXml({
      changeId: `${order.orderNumber}-${order.sequenceNumber}`,
      sequenceNumber: order.sequenceNumber,
      orderNumber: order.orderNumber,
      issueDate: todayIso(),
      currency: order.currency,
      note,
      buyer: { partyId: order.buyerPartyId, name: this.customerName(runtime, order.customerPartyId) },
      seller: runtime.config.supplier,
      lines: toUblLines(order.lines, termsOf, lineStatusCodes),
    });
    this.enqueue(runtime, 'OrderChange', xml, order.jakamoOrderNumber);
    return true;
  }

  recordDocument(
    order: SandboxOrderState,
    kind: SandboxDocumentKind,
    httpStatus: number,
    responseBody: string,
    answerLost = false,
  ): void {
    order.documents.push({
      kind,
      receivedAt: new Date().toISOString(),
      httpStatus,
      responseBody,
      ...(answerLost ? { answerLost } : {}),
    });
  }

  snapshot(): PersistedState {
    const integrations: PersistedState['integrations'] = {};
    for (const [id, runtime] of this.integrations) {
      integrations[id] = {
        queue: runtime.queue.snapshot(),
        stats: runtime.stats,
        mappings: runtime.mappings,
        restrictOrderChanges: runtime.restrictOrderChanges,
      };
    }
    return {
      version: 1,
      nextOrderSequence: this.nextOrderSequence,
      nextMessageSequence: this.nextMessageSequence,
      unknownUserAuthFailures: this.unknownUserAuthFailures,
      orders: [...this.orders.values()],
      integrations,
    };
  }
}
