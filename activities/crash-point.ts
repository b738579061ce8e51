import { Context } from '@temporalio/activity';
import diagnostics from 'node:diagnostics_channel';

/**
 * Named points in the activities where a test (or a soak) can make the worker die on purpose
 * (`JAKAMO_SO_TEST_CRASH_AT`), to prove that a step interrupted exactly there is neither lost nor
 * done twice. Unset in production: the check is a string comparison.
 *
 * The points of an outbound step (simple confirmation, OrderResponse, Delivered PUT), in order:
 *
 * | point | the worker dies … |
 * |---|---|
 * | `outbound-sending-recorded` | after the request is recorded as sending, before it is sent: Jakamo never saw it |
 * | `jakamo-request-sent` | after the request has been written to Jakamo, before its answer is read: Jakamo has it (or is processing it), the worker never hears the answer |
 * | `outbound-answer-recorded` | after Jakamo's answer is recorded, before the activity completes |
 *
 * The intake's point: `message-acknowledged` — the worker dies once a message is archived and
 * acknowledged, before it is handed to its order workflow: Jakamo's queue has moved on, and only
 * the archive (the outbox) still knows the message.
 *
 * `jakamo-request-sent:<activity>` (for example `jakamo-request-sent:simpleConfirm`,
 * `…:postOrderResponse`, `…:putDeliveredStatus`) aims at one kind of step only.
 */
export type CrashPoint = 'outbound-answer-recorded' | 'outbound-sending-recorded' | 'message-acknowledged';

/** Every value JAKAMO_SO_TEST_CRASH_AT understands (the third may name an activity after a colon). */
export const crashPoints = [
  'outbound-sending-recorded',
  'jakamo-request-sent',
  'outbound-answer-recorded',
  'message-acknowledged',
] as const;

const requestSent = /^jakamo-request-sent(?::([A-Za-z]+))?$/;

export function crashIfAskedAt(configured: string | undefined, point: CrashPoint): void {
  if (configured === undefined) return;
  if (configured === point) {
    crash();
    return;
  }
  // The request of this step is about to be sent: watch it leave (see armRequestSentCrash).
  if (point === 'outbound-sending-recorded') armRequestSentCrash(configured);
}

/** SIGKILL: no clean-up, no flush, exactly what a power cut or an OOM kill does. */
function crash(): void {
  process.kill(process.pid, 'SIGKILL');
}

/** Activity executions whose next HTTP request must kill the worker once it is written. */
const armedActivities = new WeakSet<object>();
/** Requests (undici's own objects) made by an armed activity. */
const armedRequests = new WeakSet<object>();
let watching = false;

/**
 * `jakamo-request-sent`: the worker dies the moment the activity's request to Jakamo has been
 * written (headers and body), before any answer is read — without a hook in the Jakamo client.
 * Node's fetch (undici) reports each request on diagnostics channels: `undici:request:create`
 * runs in the caller's async context, so the request is tied to the activity that made it (the
 * intake's queue requests in the same worker are never aimed at), and `undici:request:bodySent`
 * says when it has been written.
 */
function armRequestSentCrash(configured: string): void {
  const match = requestSent.exec(configured);
  if (match === null) return;
  const context = currentActivity();
  if (context === undefined) return;
  const activity = match[1];
  if (activity !== undefined && context.info.activityType !== activity) return;
  armedActivities.add(context);
  if (watching) return;
  watching = true;
  diagnostics.subscribe('undici:request:create', (message) => {
    const request = (message as { request?: object }).request;
    const caller = currentActivity();
    if (request !== undefined && caller !== undefined && armedActivities.has(caller)) {
      armedRequests.add(request);
    }
  });
  diagnostics.subscribe('undici:request:bodySent', (message) => {
    const request = (message as { request?: object }).request;
    if (request !== undefined && armedRequests.has(request)) crash();
  });
}

function currentActivity(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // not inside an activity
  }
}
