import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { metricNames } from '../../worker/metrics';
import { settledIn, untilOrder } from '../support/orders';
import { scrape, type Scrape } from '../../harness/prometheus';
import { connectToDevServer, eventually } from '../support/temporal';
import { freePort } from '../../worker/dev-server';
import { startWorkerRig, type WorkerRig } from '../support/worker-rig';

/**
 * The worker's Prometheus endpoint after a known run: `jakamo-so worker` as a child process with
 * METRICS_ADDRESS, against the run's dev server, the sandbox over HTTP and SQLite. Three orders
 * and one malformed message go through; the scrape must show exactly that, beside the SDK's own
 * metrics.
 */

let env: TestWorkflowEnvironment;
before(async () => {
  env = await connectToDevServer();
});
after(async () => {
  await env?.teardown();
});

void describe('the metrics endpoint', () => {
  let rig: WorkerRig;
  before(async () => {
    rig = await startWorkerRig(env.client, { name: 'metrics' });
  });
  after(async () => {
    await rig?.close();
  });

  void test('after three orders and one malformed message it shows exactly them, with the SDK metrics', async () => {
    const startedAt = Date.now();
    const keys: string[] = [];
    for (let i = 0; i < 2; i++) keys.push((await rig.placeOrder(2)).key);
    await rig.control.enqueueRaw(
      rig.integration,
      '<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><cbc:ID>broken',
    );
    keys.push((await rig.placeOrder(1)).key);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}/metrics`;
    rig.startWorker({
      METRICS_ADDRESS: `127.0.0.1:${port}`,
      METRICS_REFRESH_INTERVAL: '1s',
    });
    for (const key of keys) {
      await untilOrder(env.client.workflow.getHandle(key), 'confirmed', settledIn('Confirmed'), 120_000);
    }

    // The gauges from visibility follow within a refresh or two (a liveness bound, not a speed check).
    // A refresh counts one status after the other, so one that overlapped the last status change
    // can count an order twice (Imported, then Confirmed); the next one counts it once.
    const byIntegration = { integration: rig.integration };
    const metrics: Scrape = await eventually(
      'the metrics to show three orders, all Confirmed, and four acknowledgements',
      async () => {
        const current = await scrape(url);
        return current.value(metricNames.orders, { ...byIntegration, status: 'Confirmed' }) === 3 &&
          current.sum(metricNames.orders, byIntegration) === 3 &&
          current.sum(metricNames.messagesAcknowledged, byIntegration) === 4
          ? current
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );

    // Messages: three Orders handed off, the malformed one quarantined with its reason; all four acknowledged.
    assert.deepEqual(
      metrics
        .select(metricNames.messagesReceived, byIntegration)
        .map(({ labels, value }) => `${labels.kind}/${labels.outcome}=${value}`)
        .sort(),
      ['Order/handed_off=3', 'unknown/quarantined=1'],
    );
    assert.deepEqual(
      metrics
        .select(metricNames.messagesQuarantined, byIntegration)
        .map(({ labels, value }) => `${labels.kind}/${labels.reason}=${value}`),
      ['unknown/malformed=1'],
    );
    assert.equal(metrics.value(metricNames.messagesAcknowledged, byIntegration), 4);

    // Requests to Jakamo, by endpoint: three confirmations and four acknowledgements, all answered 2xx.
    const requests = (endpoint: string) =>
      metrics.select(metricNames.jakamoRequests, { ...byIntegration, endpoint });
    assert.deepEqual(
      requests('confirm').map(({ labels, value }) => `${labels.status_class}=${value}`),
      ['2xx=3'],
    );
    assert.ok(requests('confirm').every(({ labels }) => /^2\d\d$/.test(labels.status ?? '')));
    assert.deepEqual(
      requests('acknowledge').map(({ labels, value }) => `${labels.status_class}=${value}`),
      ['2xx=4'],
    );
    assert.ok(metrics.sum(metricNames.jakamoRequests, { ...byIntegration, endpoint: 'getMessage' }) >= 5);
    assert.equal(requests('orderResponse').length + requests('statusMessage').length, 0);
    assert.equal(
      metrics.value(`${metricNames.jakamoRequestDuration}_count`, {
        ...byIntegration,
        endpoint: 'confirm',
        status_class: '2xx',
      }),
      3,
    );
    assert.equal(
      metrics.value(`${metricNames.jakamoRequestDuration}_bucket`, {
        ...byIntegration,
        endpoint: 'confirm',
        status_class: '2xx',
        le: '+Inf',
      }),
      3,
    );
    // No series carries a URL or an id: the endpoint label is one of the five names.
    for (const sample of metrics.select(metricNames.jakamoRequests)) {
      assert.match(
        sample.labels.endpoint ?? '',
        /^(getMessage|acknowledge|confirm|orderResponse|statusMessage)$/,
      );
    }

    // Orders by status and attention, from visibility.
    const statuses = Object.fromEntries(
      metrics
        .select(metricNames.orders, byIntegration)
        .map(({ labels, value }) => [labels.status ?? '', value]),
    );
    assert.equal(statuses.Confirmed, 3);
    assert.equal(
      Object.entries(statuses).reduce((total, [, value]) => total + value, 0),
      3,
      `no order in another status: ${JSON.stringify(statuses)}`,
    );
    assert.equal(metrics.value(metricNames.ordersNeedingAttention, byIntegration), 0);
    assert.equal(metrics.value(metricNames.intakeNeedsAttention, byIntegration), 0);

    // The last successful drain: during this test, and its age a finite number of seconds.
    const drainedAt = metrics.value(metricNames.lastDrainTimestamp, byIntegration);
    assert.ok(drainedAt !== undefined && drainedAt * 1000 >= startedAt && drainedAt * 1000 <= Date.now());
    const age = metrics.value(metricNames.lastDrainAge, byIntegration);
    assert.ok(age !== undefined && Number.isFinite(age) && age >= 0, `drain age ${age}`);

    // The SDK's own metrics come through the same endpoint.
    assert.ok(metrics.sum('temporal_request') > 0, 'temporal_request');
    assert.ok(
      metrics.sum('temporal_activity_execution_latency_count', { activity_type: 'simpleConfirm' }) >= 3,
      'temporal_activity_execution_latency for simpleConfirm',
    );
  });
});
