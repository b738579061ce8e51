import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { describeEvent, localActivityMarker, type HistoryEvent } from '../../client/recovery/order-history';
import { fateAfterReset, pickResetPoint } from '../../client/recovery/order-reset';
import { historiesDir } from '../support/replay-histories';

/**
 * The recovery commands read order histories from outside. Since issue 11 an order's ERP steps are
 * local activities: one MarkerRecorded event each, no ActivityTask events. Read here from the
 * recorded history of an auto-confirmed order (markers as the SDK writes them).
 */
const EventType = temporal.api.enums.v1.EventType;

function recorded(name: string): HistoryEvent[] {
  const json: unknown = JSON.parse(fs.readFileSync(path.join(historiesDir, `${name}.json`), 'utf8'));
  return historyFromJSON(json).events ?? [];
}

const events = recorded('auto-confirmed');
const markers = events.filter((event) => event.eventType === EventType.EVENT_TYPE_MARKER_RECORDED);

/** A copy of a recorded marker, changed by `change`. */
function changedMarker(from: HistoryEvent, change: (marker: HistoryEvent) => void): HistoryEvent {
  const { HistoryEvent } = temporal.api.history.v1;
  const marker = HistoryEvent.decode(HistoryEvent.encode(from).finish());
  change(marker);
  return marker;
}

/** The import's marker as it would read had the ERP refused the order. */
function failedImportMarker(): HistoryEvent {
  return changedMarker(markers[0], (marker) => {
    marker.markerRecordedEventAttributes!.failure = { message: 'unknown customer ACME-FI' };
  });
}

/** A marker of another kind (a `patched()` marker, as older workflow code may record): bookkeeping. */
function patchMarker(): HistoryEvent {
  return changedMarker(markers[0], (marker) => {
    marker.markerRecordedEventAttributes!.markerName = 'core_patch';
    marker.userMetadata = null;
  });
}

void describe('order histories with local-activity markers, read by the recovery commands', () => {
  void test('a local activity marker gives its type, summary and outcome; a patch marker is none', () => {
    assert.equal(markers.length, 2, 'the two ERP steps, and no patch marker');
    assert.equal(localActivityMarker(patchMarker()), undefined, 'a patch marker');
    assert.deepEqual(localActivityMarker(markers[0]), {
      activityType: 'importSalesOrder',
      summary: 'import the sales order into the ERP',
      failed: false,
      failureMessage: undefined,
    });
    assert.equal(localActivityMarker(markers[1])?.activityType, 'recordConfirmation');
    const notMarkers = events.filter((event) => event.eventType !== EventType.EVENT_TYPE_MARKER_RECORDED);
    assert.ok(notMarkers.every((event) => localActivityMarker(event) === undefined));
  });

  void test('the ERP steps read as steps done in the worker, in history order', () => {
    const steps = events
      .map((event) => describeEvent(event, events))
      .filter((words): words is string => words?.startsWith('step ') === true);
    assert.deepEqual(steps, [
      'step done: import the sales order into the ERP (in the worker)',
      'step scheduled: POST the simple confirmation to Jakamo (e2-simpleConfirm)',
      'step done: POST the simple confirmation to Jakamo (e2-simpleConfirm)',
      'step done: record the confirmation in the ERP (in the worker)',
    ]);
    assert.equal(describeEvent(patchMarker(), events), undefined, 'a patch marker is bookkeeping');
  });

  void test('a failed local activity reads as a failed step, and a reset drops it like a failed activity', () => {
    const failed = failedImportMarker();
    assert.equal(
      describeEvent(failed, events),
      'step failed: import the sales order into the ERP (in the worker): unknown customer ACME-FI',
    );
    assert.equal(fateAfterReset(failed), 'dropped');
    assert.equal(fateAfterReset(markers[0]), 'done again', 'a step done after the point is taken again');
  });

  void test('a reset to the first decision goes back before the import that ran in that task', () => {
    const point = pickResetPoint(events, 'first');
    const importMarker = markers[0];
    assert.ok(
      Number(importMarker.eventId) > point.eventId,
      'the import is among the commands of the first task, after its WorkflowTaskCompleted',
    );
  });
});
