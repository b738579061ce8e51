import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { historyShape } from '../../bench/support/temporal-work';
import { localActivityMarker } from '../../client/recovery/order-history';
import { JakamoOrderStatus, NeedsAttention } from '../../domain/search-attributes';
import { keyOf, orderHandle, settledIn } from '../support/orders';
import { orderStateQuery } from '../../workflows/order/messages';
import { startPipeline } from '../support/pipeline';
import { recordHistoryForReplay } from '../support/replay-histories';
import { eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';

/**
 * A performance guard, not a behaviour test: what an order costs Temporal (docs/performance.md),
 * counted in its history — events, workflow tasks, activities, markers, upserts — never timed. The
 * history of an auto-confirmed order once it is Confirmed, on the run's dev server with the real
 * worker, sandbox and SQLite. When a count changes, the design's cost per order changed: measure
 * it with the benchmarks (`npm run bench -- end-to-end`) and update the counts and
 * docs/performance.md together. Nothing may query the order while it runs (see below), so run
 * this file alone when in doubt: `npm test -- test/performance`. The counts follow from the
 * design:
 *
 * - task 1 takes the Order: the import runs in the worker as a local activity (a marker), the
 *   status goes Received → Imported, and the simple confirm is scheduled — the one regular
 *   activity, because it talks to Jakamo over HTTP;
 * - task 2 takes the confirm's result: Confirmed, and the confirmation is recorded in the ERP as a
 *   local activity in the same task.
 *
 * Each task upserts the order's search attributes once, with the status the task ended with.
 */
const testbed = devServerTestbed();
const EventType = temporal.api.enums.v1.EventType;

/** The attributes an UpsertWorkflowSearchAttributes event sets, decoded; undefined for other events. */
function upserted(event: temporal.api.history.v1.IHistoryEvent): Record<string, unknown> | undefined {
  const fields = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
  if (fields == null) return undefined;
  return Object.fromEntries(
    Object.entries(fields).map(([key, payload]) => [key, defaultPayloadConverter.fromPayload(payload)]),
  );
}

void describe('performance guard: Temporal work per order (dev server, sandbox, SQLite)', () => {
  void test('an auto-confirmed order takes 2 workflow tasks, 1 activity, 2 local activities and one upsert of its attributes per task', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle, {
      orders: { confirmationPolicy: 'auto' },
    });
    try {
      await pipeline.startIntake();
      const placed = await pipeline.control.placeOrder(pipeline.integration, {
        customerPartyId: pipeline.customers[0],
        lines: 2,
        seed: 71,
      });
      const handle = orderHandle(testbed.env, pipeline, placed);
      // Watched through its history alone: a query that reaches the worker while a task runs a
      // local activity makes the SDK complete that task early and ask for another one, which is
      // more Temporal work than the order itself causes.
      const events = await eventually('the confirmation recorded in the ERP, in the history', async () => {
        const history = (await handle.fetchHistory()).events ?? [];
        const recorded = history.some(
          (event) => localActivityMarker(event)?.activityType === 'recordConfirmation',
        );
        return recorded ? history : undefined;
      });
      const count = (type: temporal.api.enums.v1.EventType) =>
        events.filter((event) => event.eventType === type).length;
      const markers = events.flatMap((event) => {
        const marker = localActivityMarker(event);
        return marker === undefined ? [] : [marker];
      });
      const timeline = events
        .map((event) => `${EventType[event.eventType ?? 0]} ${JSON.stringify(upserted(event) ?? '')}`)
        .join('\n');

      assert.equal(count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED), 2, timeline);
      assert.deepEqual(
        events
          .filter((event) => event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
          .map((event) => event.activityTaskScheduledEventAttributes?.activityType?.name),
        ['simpleConfirm'],
        'one regular activity: the request to Jakamo',
      );
      assert.deepEqual(
        markers.map((marker) => [marker.activityType, marker.failed, marker.summary]),
        [
          ['importSalesOrder', false, 'import the sales order into the ERP'],
          ['recordConfirmation', false, 'record the confirmation in the ERP'],
        ],
        'the ERP writes ran in the worker, each once, with their summaries',
      );
      // No other marker (no patch).
      assert.equal(count(EventType.EVENT_TYPE_MARKER_RECORDED), 2, timeline);

      // The upserts of each task (the commands a task completed with follow its
      // WorkflowTaskCompleted event). The order's own attributes once per task, with the status
      // the task ended with, and nothing else (no patch, so no TemporalChangeVersion upsert).
      const upsertsPerTask = events.flatMap((event, index) => {
        if (event.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) return [];
        const next = events.findIndex(
          (later, at) => at > index && later.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
        );
        return [
          events.slice(index + 1, next === -1 ? undefined : next).flatMap((later) => {
            const values = upserted(later);
            return values === undefined ? [] : [values];
          }),
        ];
      });
      assert.deepEqual(
        upsertsPerTask,
        [[{ JakamoOrderStatus: 'Imported' }], [{ JakamoOrderStatus: 'Confirmed' }]],
        timeline,
      );
      const described = await handle.describe();
      assert.equal(described.typedSearchAttributes.get(JakamoOrderStatus), 'Confirmed');
      assert.equal(described.typedSearchAttributes.get(NeedsAttention), false);

      // Started, signalled; 3 per task; 2 markers, 2 upserts; the activity's scheduled, started,
      // completed: 15 — against 25 before (docs/performance.md) and the floor's 12.
      assert.equal(events.length, 15, timeline);
      assert.deepEqual(await historyShape(testbed.env.client, keyOf(pipeline, placed)), {
        events: 15,
        workflowTasks: 2,
        activities: 1,
        localActivities: 2,
        signals: 1,
        timers: 0,
        searchAttributeUpserts: 2,
      });
      const state = await handle.query(orderStateQuery);
      assert.ok(settledIn('Confirmed')(state), `settled in Confirmed, not ${state.status}`);
      await recordHistoryForReplay(handle, 'auto-confirmed');
    } finally {
      await pipeline.close();
    }
  });
});
