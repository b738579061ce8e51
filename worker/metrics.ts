import type { Client } from '@temporalio/client';
import type { MetricCounter, MetricGauge, MetricHistogram, MetricMeter } from '@temporalio/common';
import type { TelemetryOptions } from '@temporalio/worker';
import type { IntakeMetrics, MessageOutcome } from '../activities/intake/intake-activities';
import type { JakamoRequestDone, JakamoRequestObserver } from '../activities/jakamo/jakamo-client';
import { intakeWorkflowId } from '../domain/order-key';
import { ordersQuery, visibilityString } from '../domain/order-queries';
import { OrderStatus } from '../domain/order-status';
import type { Logger } from './logger';

/**
 * The product's Prometheus metrics, served by the Temporal SDK's own exporter beside its runtime
 * metrics (`temporal_*`): one endpoint, METRICS_ADDRESS. docs/operations.md ("Metrics and
 * alerts") describes each; docs/alerts.yml has example alert rules.
 */
export const metricNames = {
  messagesReceived: 'jakamo_so_messages_received_total',
  messagesAcknowledged: 'jakamo_so_messages_acknowledged_total',
  messagesQuarantined: 'jakamo_so_messages_quarantined_total',
  jakamoRequests: 'jakamo_so_jakamo_requests_total',
  jakamoRequestDuration: 'jakamo_so_jakamo_request_duration_seconds',
  orders: 'jakamo_so_orders',
  ordersNeedingAttention: 'jakamo_so_orders_needing_attention',
  intakeNeedsAttention: 'jakamo_so_intake_needs_attention',
  lastDrainTimestamp: 'jakamo_so_last_successful_drain_timestamp_seconds',
  lastDrainAge: 'jakamo_so_last_successful_drain_age_seconds',
  metricsRefreshErrors: 'jakamo_so_metrics_refresh_errors_total',
} as const;

/** Buckets of the Jakamo request duration: from a fast local answer to the default 30 s timeout. */
const requestDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The Runtime's telemetry for METRICS_ADDRESS: a Prometheus endpoint (`/metrics`) carrying the SDK's
 * metrics and, through `Runtime.instance().metricMeter`, the product's. Undefined: no endpoint.
 * `Runtime.install` takes it once per process, before any connection or worker exists.
 */
export function metricsTelemetry(address: string | undefined): TelemetryOptions | undefined {
  if (address === undefined) return undefined;
  return {
    metrics: {
      prometheus: {
        bindAddress: address,
        histogramBucketOverrides: { [metricNames.jakamoRequestDuration]: requestDurationBuckets },
      },
    },
  };
}

/** Document kinds as labels; anything else (a wrong root element, unreadable XML) is `other` / `unknown`. */
const documentKinds = new Set(['Order', 'OrderChange', 'OrderCancellation', 'StatusMessage']);

/** Quarantine reasons start with a code (`malformed: …`); these are the codes a label may carry. */
const quarantineCodes = new Set([
  'too-large',
  'not-utf8',
  'binary',
  'malformed',
  'dtd-forbidden',
  'wrong-root',
  'wrong-namespace',
  'missing-element',
  'invalid-value',
  'invalid',
  'internal',
]);

function kindLabel(kind: string | undefined): string {
  if (kind === undefined) return 'unknown';
  return documentKinds.has(kind) ? kind : 'other';
}

/** The code a quarantine reason starts with; a message for a finished order (no code) is `unroutable`. */
export function quarantineReasonLabel(reason: string | undefined): string {
  const code = /^([a-z][a-z0-9-]*):/.exec(reason ?? '')?.[1];
  return code !== undefined && quarantineCodes.has(code) ? code : 'unroutable';
}

function statusClass(status: number | undefined): string {
  return status === undefined ? 'none' : `${Math.floor(status / 100)}xx`;
}

/**
 * The metrics the worker's own code records: what the intake takes and acknowledges, every
 * request to Jakamo, and the gauges `VisibilityGauges` refreshes. With a meter that exports
 * nowhere (no METRICS_ADDRESS) every call is a cheap no-op.
 */
export class PipelineMetrics implements IntakeMetrics {
  private readonly received: MetricCounter;
  private readonly acknowledged: MetricCounter;
  private readonly quarantined: MetricCounter;
  private readonly requests: MetricCounter;
  private readonly requestDuration: MetricHistogram;
  readonly orders: MetricGauge;
  readonly ordersNeedingAttention: MetricGauge;
  readonly intakeNeedsAttention: MetricGauge;
  readonly refreshErrors: MetricCounter;
  private readonly lastDrainTimestamp: MetricGauge;
  private readonly lastDrainAge: MetricGauge;
  /** When each integration last drained successfully in this process (ms since the epoch). */
  private readonly lastDrainAt = new Map<string, number>();

  constructor(
    meter: MetricMeter,
    private readonly now: () => number = Date.now,
  ) {
    // The shapes the metrics below share: counters count events (no unit); integer gauges count
    // workflows or flags; the float gauges are seconds.
    const counter = (name: string, description: string) => meter.createCounter(name, undefined, description);
    const intGauge = (name: string, description: string) =>
      meter.createGauge(name, 'int', undefined, description);
    const secondsGauge = (name: string, description: string) =>
      meter.createGauge(name, 'float', 's', description);
    this.received = counter(
      metricNames.messagesReceived,
      'Messages taken from the Jakamo queue, by integration, document kind and outcome (handed_off, quarantined, duplicate)',
    );
    this.acknowledged = counter(
      metricNames.messagesAcknowledged,
      'Messages acknowledged to Jakamo (cleared from the queue), by integration',
    );
    this.quarantined = counter(
      metricNames.messagesQuarantined,
      'Messages quarantined (archived with a reason, not handed to an order), by integration, kind and reason code',
    );
    this.requests = counter(
      metricNames.jakamoRequests,
      'Requests to the Jakamo SO API, by integration, endpoint, HTTP status and status class (none: no answer)',
    );
    this.requestDuration = meter.createHistogram(
      metricNames.jakamoRequestDuration,
      'float',
      's',
      'Duration of requests to the Jakamo SO API until the whole answer was read, by integration, endpoint and status class',
    );
    this.orders = intGauge(
      metricNames.orders,
      'Order workflows by integration and JakamoOrderStatus (running ones; Completed: finished ones), from Temporal visibility',
    );
    this.ordersNeedingAttention = intGauge(
      metricNames.ordersNeedingAttention,
      'Running order workflows with NeedsAttention = true, by integration',
    );
    this.intakeNeedsAttention = intGauge(
      metricNames.intakeNeedsAttention,
      "1 when the integration's intake workflow needs attention (for example Jakamo refused the credentials), else 0",
    );
    this.refreshErrors = counter(
      metricNames.metricsRefreshErrors,
      'Failed refreshes of the gauges read from Temporal visibility',
    );
    this.lastDrainTimestamp = secondsGauge(
      metricNames.lastDrainTimestamp,
      "When this worker last drained the integration's queue without an error (Unix time, seconds)",
    );
    this.lastDrainAge = secondsGauge(
      metricNames.lastDrainAge,
      "Seconds since this worker last drained the integration's queue without an error (refreshed with the gauges)",
    );
  }

  messageTaken(
    integration: string,
    kind: string | undefined,
    outcome: MessageOutcome,
    reason?: string,
  ): void {
    const tags = { integration, kind: kindLabel(kind) };
    this.received.add(1, { ...tags, outcome });
    if (outcome === 'quarantined')
      this.quarantined.add(1, { ...tags, reason: quarantineReasonLabel(reason) });
  }

  messageAcknowledged(integration: string): void {
    this.acknowledged.add(1, { integration });
  }

  drainSucceeded(integration: string): void {
    const at = this.now();
    this.lastDrainAt.set(integration, at);
    this.lastDrainTimestamp.set(at / 1000, { integration });
    this.lastDrainAge.set(0, { integration });
  }

  /** Sets the drain-age gauge of every integration that has drained in this process. */
  refreshDrainAges(): void {
    const now = this.now();
    for (const [integration, at] of this.lastDrainAt) {
      this.lastDrainAge.set(Math.max(0, (now - at) / 1000), { integration });
    }
  }

  /** The observer one integration's Jakamo client reports its requests to. */
  jakamoRequests(integration: string): JakamoRequestObserver {
    return {
      requestDone: ({ endpoint, status, durationMs }: JakamoRequestDone) => {
        const statusClassLabel = statusClass(status);
        this.requests.add(1, {
          integration,
          endpoint,
          status: status === undefined ? 'none' : String(status),
          status_class: statusClassLabel,
        });
        this.requestDuration.record(durationMs / 1000, {
          integration,
          endpoint,
          status_class: statusClassLabel,
        });
      },
    };
  }
}

/** Every status an order can be in, as JakamoOrderStatus holds it. */
const orderStatuses = Object.values(OrderStatus);

/**
 * Refreshes the gauges that come from Temporal's visibility — orders by status, orders and intakes
 * that need attention — and the drain ages, at once and then every `intervalMs` (the SDK's exporter
 * cannot compute a value when scraped). A refresh that fails is logged and counted; the gauges keep
 * their last values until the next one succeeds.
 */
export function startVisibilityGauges(options: {
  client: Client;
  metrics: PipelineMetrics;
  integrations: readonly string[];
  intervalMs: number;
  logger: Logger;
}): { stop(): Promise<void> } {
  const { client, metrics, integrations, logger } = options;
  let running: Promise<void>;
  let stopped = false;
  let failing = false;

  const refresh = async (): Promise<void> => {
    metrics.refreshDrainAges();
    for (const integration of integrations) {
      if (stopped) return;
      for (const status of orderStatuses) {
        // A Completed order's workflow has finished; every other status is a running one's (closed
        // runs that continued as new, or were terminated, are not counted twice).
        const execution = status === OrderStatus.Completed ? 'Completed' : 'Running';
        const { count } = await client.workflow.count(ordersQuery(integration, { status }, execution));
        metrics.orders.set(count, { integration, status });
      }
      const attention = await client.workflow.count(
        ordersQuery(integration, { needsAttention: true }, 'Running'),
      );
      metrics.ordersNeedingAttention.set(attention.count, { integration });
      const intake = await client.workflow.count(
        `WorkflowId = ${visibilityString(intakeWorkflowId(integration))} AND ExecutionStatus = 'Running' AND NeedsAttention = true`,
      );
      metrics.intakeNeedsAttention.set(intake.count > 0 ? 1 : 0, { integration });
    }
  };

  const refreshOnce = (): Promise<void> =>
    refresh().then(
      () => {
        if (failing) logger.info('Metrics from Temporal visibility are refreshed again');
        failing = false;
      },
      (error: unknown) => {
        metrics.refreshErrors.add(1);
        // Said once, not every interval, while visibility stays unavailable.
        if (!failing)
          logger.warn({ err: error }, 'Could not refresh the metrics read from Temporal visibility');
        failing = true;
      },
    );
  // One refresh at a time: the next is scheduled when the last has finished.
  let timer: NodeJS.Timeout | undefined;
  const loop = (): void => {
    running = refreshOnce().then(() => {
      if (stopped) return;
      timer = setTimeout(loop, options.intervalMs);
      timer.unref();
    });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
