import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { localActivityMarker } from '../../client/recovery/order-history';

/** How much Temporal work one workflow took: the shape of its history so far. */
export interface HistoryShape {
  events: number;
  workflowTasks: number;
  /** Regular activities (ActivityTaskScheduled): each a task and a completion on the server. */
  activities: number;
  /**
   * Local activities (their MarkerRecorded events): run inside a workflow task and recorded with
   * its completion, so no task of their own. Patch markers are not counted.
   */
  localActivities: number;
  signals: number;
  timers: number;
  searchAttributeUpserts: number;
}

const EventType = temporal.api.enums.v1.EventType;

/** Counts the events of a workflow's history by what they cost (tasks, activities, signals, timers). */
export async function historyShape(client: Client, workflowId: string): Promise<HistoryShape | undefined> {
  try {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    const count = (type: temporal.api.enums.v1.EventType) =>
      events.filter((event) => event.eventType === type).length;
    return {
      events: events.length,
      workflowTasks: count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
      activities: count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
      localActivities: events.filter((event) => localActivityMarker(event) !== undefined).length,
      signals: count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED),
      timers: count(EventType.EVENT_TYPE_TIMER_STARTED),
      searchAttributeUpserts: count(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES),
    };
  } catch {
    return undefined;
  }
}
