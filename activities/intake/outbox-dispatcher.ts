import type { InboundDocument } from '../../domain/documents';
import type { MessageArchive } from '../../db/message-archive';
import type { InboundMessage } from '../../db/schema';
import type { XsdValidator } from '../../ubl/xsd-validator';
import type { InboundValidationMode } from '../../domain/inbound-validation';
import { crashIfAskedAt } from '../crash-point';
import { messageRefOf, routeArchivedMessage, type ArchivedRouting } from '../../domain/message-routing';
import type { OrderDefaults } from '../../config/customer-terms';
import type { OrderRouter } from '../order/order-router';

/** `warn`: problems recorded on the archive and the order; `strict`: the message is quarantined with them. */
export type InboundValidation =
  { mode: 'off' } | { mode: Exclude<InboundValidationMode, 'off'>; validator: XsdValidator };

/** What became of a message taken from the queue; `duplicate`: handed off or quarantined before. */
export type MessageOutcome = 'handed_off' | 'quarantined' | 'duplicate';

/** Told what becomes of each message (worker/metrics.ts turns it into Prometheus metrics). */
export interface HandOffMetrics {
  /** `kind` is the document's root element, when it could be read; `reason` is the quarantine reason. */
  messageTaken(integration: string, kind: string | undefined, outcome: MessageOutcome, reason?: string): void;
}

export interface HandOffDependencies {
  archive: MessageArchive;
  router: OrderRouter;
  /** How new order workflows are set up (policy, response style, seller contact, quiet period). */
  orderDefaults: OrderDefaults;
  /** XSD validation of inbound UBL documents (UBL_INBOUND_VALIDATION); absent: none. */
  inboundValidation?: InboundValidation;
  metrics?: HandOffMetrics;
  /** How many order workflows are handed a message at once (different orders only); default 8. */
  handOffConcurrency?: number;
  /** JAKAMO_SO_TEST_CRASH_AT (activities/crash-point.ts); unset in production. */
  crashAt?: string | undefined;
}

/** Where the dispatcher says what it could not do (the activity's logger). */
export interface HandOffLog {
  warn(message: string, attributes: Record<string, unknown>): void;
}

/** The drain's running totals the dispatcher adds to. */
export interface HandOffCounts {
  handedOff: number;
  quarantined: number;
}

interface RoutedRecord {
  record: InboundMessage;
  routing: ArchivedRouting;
}

/** How many archived messages one pass reads from the outbox. */
const batchSize = 64;
const defaultConcurrency = 8;

/**
 * The intake's outbox dispatcher. The drain acknowledges a message as soon as it is archived; the
 * dispatcher hands archived messages to their order workflows behind it (signal-with-start), or
 * quarantines the ones that cannot be routed, and marks each in the archive. Nothing is lost if a
 * process dies between the steps: a message stays `received` in the archive until its hand-off is
 * recorded, and the next drain's dispatcher starts with those. Nothing is delivered twice to any
 * effect: a hand-off repeated after a crash carries the same message (its sha256), which the order
 * workflow records as a duplicate.
 *
 * Messages of one order are handed off one after the other, in the order the queue gave them;
 * messages of different orders go out concurrently, since each hand-off waits on the Temporal server.
 */
export class OutboxDispatcher {
  private finishing = false;
  private stopping = false;
  private notified = false;
  private wake: (() => void) | undefined;
  private failure: { error: unknown } | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly deps: HandOffDependencies,
    private readonly integration: string,
    private readonly counts: HandOffCounts,
    private readonly log: HandOffLog,
  ) {
    this.done = this.run().catch((error: unknown) => {
      this.failure = { error };
    });
  }

  /** A message was archived: look at the outbox again. */
  notify(): void {
    this.notified = true;
    this.wake?.();
  }

  /** Why the dispatcher stopped, if it failed (the drain stops too: its activity is retried). */
  get failed(): { error: unknown } | undefined {
    return this.failure;
  }

  /** No more messages come in this drain: resolves once the outbox is empty, or rejects with the failure. */
  async finish(): Promise<void> {
    this.finishing = true;
    this.wake?.();
    await this.done;
    if (this.failure !== undefined) throw this.failure.error;
  }

  /** Stops after the hand-offs under way (the drain failed); never rejects. */
  async stop(): Promise<void> {
    this.finishing = true;
    this.stopping = true;
    this.wake?.();
    await this.done;
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.failure !== undefined || this.stopping) return;
      this.notified = false;
      const batch = await this.deps.archive.listAwaitingHandOff(this.integration, batchSize);
      if (batch.length > 0) {
        await this.handOffAll(batch);
        continue;
      }
      if (this.finishing) return;
      if (!this.notified) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = undefined;
      }
    }
  }

  /** One batch: each order's messages in queue order, different orders concurrently. */
  private async handOffAll(batch: InboundMessage[]): Promise<void> {
    const limit = this.deps.handOffConcurrency ?? defaultConcurrency;
    const byOrder = new Map<string, RoutedRecord[]>();
    for (const record of batch) {
      const routing = routeArchivedMessage(this.integration, record.raw_xml);
      // Unroutable messages have no order to wait for: each is its own chain.
      const key = routing.ok ? routing.orderKey : `unroutable:${record.sha256}`;
      const chain = byOrder.get(key) ?? [];
      chain.push({ record, routing });
      byOrder.set(key, chain);
    }
    const chains = [...byOrder.values()];
    let next = 0;
    const errors: unknown[] = [];
    // Up to `limit` lanes, each taking the next order's chain.
    const lane = async () => {
      while (next < chains.length && errors.length === 0 && !this.stopping) {
        const chain = chains[next++] ?? [];
        try {
          for (const { record, routing } of chain) await this.handOff(record, routing);
        } catch (error) {
          errors.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, chains.length) }, lane));
    if (errors.length > 0) throw errors[0];
  }

  /** Quarantines or routes one archived message and records which. */
  private async handOff(record: InboundMessage, routing: ArchivedRouting): Promise<void> {
    const { archive, router, metrics } = this.deps;
    const integration = this.integration;
    if (!routing.ok) {
      await archive.markQuarantined(integration, record.sha256, routing.reason, routing.rootElement);
      this.counts.quarantined++;
      metrics?.messageTaken(integration, routing.rootElement, 'quarantined', routing.reason);
      return;
    }
    if (this.deps.crashAt === 'message-acknowledged') await this.crashOnceAcknowledged(record);
    const { document, buyerPartyId } = routing;
    const validationProblems = await validateInbound(
      this.deps.inboundValidation,
      document,
      record.raw_xml,
      this.log,
    );
    if (validationProblems.length > 0) {
      await archive.recordValidationProblems(integration, record.sha256, validationProblems);
      if (this.deps.inboundValidation?.mode === 'strict') {
        const reason = `invalid: the ${document.kind} is not valid UBL 2.1 (UBL_INBOUND_VALIDATION=strict): ${validationProblems.join('; ')}`;
        await archive.markQuarantined(integration, record.sha256, reason, document.kind);
        this.counts.quarantined++;
        metrics?.messageTaken(integration, document.kind, 'quarantined', reason);
        return;
      }
    }
    const routed = await router.route(
      {
        orderKey: routing.orderKey,
        integration,
        buyerPartyId,
        orderNumber: document.orderNumber,
        ...this.deps.orderDefaults.forCustomer(integration, buyerPartyId),
      },
      messageRefOf(record, routing, validationProblems),
    );
    if (routed.routed) {
      await archive.markHandedOff(integration, record.sha256, {
        rootElement: document.kind,
        documentKind: document.kind,
        orderKey: routing.orderKey,
      });
      this.counts.handedOff++;
      metrics?.messageTaken(integration, document.kind, 'handed_off');
    } else {
      await archive.markQuarantined(integration, record.sha256, routed.reason, document.kind);
      this.counts.quarantined++;
      metrics?.messageTaken(integration, document.kind, 'quarantined', routed.reason);
    }
  }

  /** Test crash point: waits for the drain to acknowledge the message, then dies before the hand-off. */
  private async crashOnceAcknowledged(record: InboundMessage): Promise<void> {
    for (;;) {
      const now = await this.deps.archive.find(this.integration, record.sha256);
      if (now?.acknowledged_at != null) crashIfAskedAt(this.deps.crashAt, 'message-acknowledged');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * The XSD problems of a UBL document (the StatusMessage has no schema), as "line N: message".
 * In `warn` mode a validator that cannot run is logged and nothing is blocked; in `strict` mode
 * it fails the drain, which is retried: nothing is quarantined for a fault of ours.
 */
async function validateInbound(
  validation: InboundValidation | undefined,
  document: InboundDocument,
  xml: string,
  log: HandOffLog,
): Promise<string[]> {
  if (validation === undefined || validation.mode === 'off' || document.kind === 'StatusMessage') return [];
  try {
    const result = await validation.validator.validate(xml, document.kind);
    return result.problems.map((problem) =>
      problem.line === undefined ? problem.message : `line ${problem.line}: ${problem.message}`,
    );
  } catch (error) {
    if (validation.mode === 'strict') throw error;
    log.warn('Inbound XSD validation could not run; the message goes on unvalidated', {
      kind: document.kind,
      reason: error instanceof Error ? error.message : String(error),
    });
    return [];
  }
}
