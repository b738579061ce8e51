import { temporal } from '@temporalio/proto';
import { intakeWorkflowId } from '../domain/order-key';
import { seededRandom, type Random } from '../sandbox/random';
import { jakamoKindOf } from './checks';
import { soakIntegration } from './configuration';
import { describeKill, type KillPlan, type ScheduledAction, type ScheduledEvent } from './plan';
import { sleep, type SoakRun } from './run-state';
import type { SoakSupervisor } from './supervisor';

/**
 * The scheduled events of the plan (./plan.ts), each once its number of orders is placed: the
 * restarts, and the kills at the moment their kind aims at (a random one, inside a queue drain,
 * while Jakamo holds an answer it processed).
 */

/** The plan in one line, as the soak prints it before it starts placing. */
export function planLine(run: SoakRun, badMessages: number, schedule: readonly ScheduledEvent[]): string {
  const { options } = run;
  return (
    `plan: ${options.orders} orders every ${options.placeEveryMs} ms, ${badMessages} bad messages, ` +
    `${schedule.length} scheduled events: ${schedule
      .map(
        (event) =>
          `${event.action.type === 'kill' ? event.action.kill.kind : event.action.type}@${event.afterOrders}`,
      )
      .join(', ')}`
  );
}

export async function runSchedule(
  run: SoakRun,
  supervisor: SoakSupervisor,
  schedule: readonly ScheduledEvent[],
): Promise<void> {
  // The soak's own dice: when a random kill strikes within its slot.
  const random = seededRandom(run.options.seed);
  for (const event of schedule) {
    while (run.placed.length < event.afterOrders && !run.placementDone && !run.over()) await sleep(100);
    if (run.over()) return;
    await perform(run, supervisor, event.action, random);
  }
}

async function perform(
  run: SoakRun,
  supervisor: SoakSupervisor,
  action: ScheduledAction,
  random: Random,
): Promise<void> {
  switch (action.type) {
    case 'restart-dev-server':
      return supervisor.restartDevServer();
    case 'restart-sandbox':
      return supervisor.restartSandbox();
    case 'kill':
      switch (action.kill.kind) {
        case 'random':
          return killAtRandom(run, supervisor, action.kill, random);
        case 'drain-in-flight':
          return killInsideDrain(run, supervisor, action.kill);
        case 'answer-held':
          return killWhileAnswerHeld(run, supervisor, action.kill);
      }
  }
}

async function killAtRandom(
  run: SoakRun,
  supervisor: SoakSupervisor,
  kill: Extract<KillPlan, { kind: 'random' }>,
  random: Random,
): Promise<void> {
  // Somewhere within the next two seconds.
  await sleep(Math.floor(random() * 2000));
  const fired = supervisor.nextCrashPoint();
  await supervisor.killWorker(describeKill(kill), kill.arm);
  if (kill.arm === undefined) return;
  // The next kill is the armed worker's own: wait for it before anything else happens.
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([
    fired.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 180_000))),
  ]);
  clearTimeout(timer);
  if (!done) {
    const note = run.recordEvent(`crash point ${kill.arm} did not fire within 180 s`);
    note.note = 'no such step reached';
  }
}

async function killInsideDrain(
  run: SoakRun,
  supervisor: SoakSupervisor,
  kill: Extract<KillPlan, { kind: 'drain-in-flight' }>,
): Promise<void> {
  const { faults } = run.options;
  await run.setFaults({ latencyMs: 1500, jitterMs: 0 });
  const seen = await until(run, () => drainRunning(run), 60_000);
  await sleep(1000);
  const event = await supervisor.killWorker(describeKill(kill));
  if (seen === undefined) event.note = 'no drain seen running; killed anyway';
  await run.setFaults({ latencyMs: faults.latencyMs ?? 0, jitterMs: faults.jitterMs ?? 0 });
}

async function killWhileAnswerHeld(
  run: SoakRun,
  supervisor: SoakSupervisor,
  kill: Extract<KillPlan, { kind: 'answer-held' }>,
): Promise<void> {
  await run.setFaults({ answerDelayMs: 4000 });
  const held = await until(run, () => heldAnswer(run), 90_000, 100);
  const event = await supervisor.killWorker(describeKill(kill));
  event.note = held ?? 'no held answer seen within 90 s; killed anyway';
  await run.setFaults({ answerDelayMs: 0 });
}

/** Polls `probe` until it returns a value, `timeoutMs` passes or the run is over (then undefined). */
async function until<T>(
  run: SoakRun,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 200,
): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && !run.over()) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // try again
    }
    await sleep(everyMs);
  }
  return undefined;
}

/** The intake's drain activity runs now. */
async function drainRunning(run: SoakRun): Promise<true | undefined> {
  const { client, connection } = run.parts;
  const described = await connection.withDeadline(Date.now() + 5000, () =>
    client.workflow.getHandle(intakeWorkflowId(soakIntegration)).describe(),
  );
  return (described.raw.pendingActivities ?? []).some(
    (activity) =>
      activity.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
  )
    ? true
    : undefined;
}

/** A request Jakamo has processed while the worker still waits for its answer, in words. */
async function heldAnswer(run: SoakRun): Promise<string | undefined> {
  const { db, control } = run.parts;
  const rows = await db
    .selectFrom('outbound_documents')
    .select(['order_key', 'kind', 'last_attempt_at'])
    .where('integration', '=', soakIntegration)
    .where('status', '=', 'sending')
    .execute();
  for (const row of rows.slice(0, 5)) {
    const order = run.byKey.get(row.order_key);
    if (order === undefined) continue;
    const jakamo = await control.getOrder(order.jakamoOrderNumber);
    const processed = jakamo.documents.some(
      (document) => document.kind === jakamoKindOf[row.kind] && document.receivedAt >= row.last_attempt_at,
    );
    if (processed) return `${order.jakamoOrderNumber} ${row.kind}: processed by Jakamo, its answer held`;
  }
  return undefined;
}
