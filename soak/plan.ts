import type { SandboxFaults } from '../sandbox';

/**
 * What a soak does, decided before it starts: how many orders of which lifecycle, which faults,
 * which kills and restarts, and when (as a number of orders placed). Pure, so the schedule can be
 * read and tested without running anything.
 */

/** How an order lives in the soak, and which steps it must see done once. */
export type Lifecycle = 'simple-confirm' | 'order-response' | 'erp-confirm-deliver';

/**
 * One customer per lifecycle (the worker's configuration file gives each its terms):
 * confirmed as requested with a simple confirmation, with an OrderResponse, or (policy `erp`)
 * confirmed by the ERP's `confirm` update and then delivered with its `deliver` update.
 */
export const soakCustomers: Record<Lifecycle, string> = {
  'simple-confirm': 'SOAK-SIMPLE',
  'order-response': 'SOAK-RESPONSE',
  'erp-confirm-deliver': 'SOAK-ERP',
};

/** Crash points of `JAKAMO_SO_TEST_CRASH_AT` (activities/crash-point.ts) the soak arms workers with. */
export type SoakCrashPoint =
  | 'jakamo-request-sent:simpleConfirm'
  | 'jakamo-request-sent:postOrderResponse'
  | 'jakamo-request-sent:putDeliveredStatus'
  | 'outbound-answer-recorded';

/**
 * One SIGKILL of the worker:
 * - `random`: at whatever moment the schedule reaches it; the worker started next is armed with
 *   `arm` (its crash point fires once, on the first step that reaches it: the next kill);
 * - `crash-point`: the armed worker kills itself (not scheduled: it follows its `random` kill);
 * - `drain-in-flight`: Jakamo is made slow (latency) and the worker is killed while its queue
 *   drain waits for a GET or an acknowledgement;
 * - `answer-held`: Jakamo holds its answers (`answerDelayMs`) and the worker is killed once
 *   Jakamo has processed a confirmation whose answer is still on its way.
 */
export type KillPlan =
  | { kind: 'random'; arm?: SoakCrashPoint }
  | { kind: 'crash-point'; point: SoakCrashPoint }
  | { kind: 'drain-in-flight' }
  | { kind: 'answer-held' };

export type ScheduledAction =
  | { type: 'kill'; kill: Exclude<KillPlan, { kind: 'crash-point' }> }
  | { type: 'restart-dev-server' }
  | { type: 'restart-sandbox' };

/** An action and the number of orders placed before it happens. */
export interface ScheduledEvent {
  afterOrders: number;
  action: ScheduledAction;
}

export interface SoakPlanOptions {
  orders: number;
  /** SIGKILLs of the worker in all (crash points included). */
  kills: number;
  restartDevServer: boolean;
  restartSandbox: boolean;
  /** Shares of the orders confirmed with an OrderResponse, and confirmed by the ERP then delivered. */
  shares: { orderResponse: number; erpConfirmDeliver: number };
  badMessages: number;
}

/**
 * The kills in the order they happen, cycling through every kind: a random kill that arms the
 * next worker for a crash point, that crash point, a kill inside a drain, a kill inside a held
 * answer, then the other crash points, and random kills from there on.
 */
const killCycle: KillPlan[] = [
  { kind: 'random', arm: 'jakamo-request-sent:simpleConfirm' },
  { kind: 'crash-point', point: 'jakamo-request-sent:simpleConfirm' },
  { kind: 'drain-in-flight' },
  { kind: 'answer-held' },
  { kind: 'random', arm: 'jakamo-request-sent:postOrderResponse' },
  { kind: 'crash-point', point: 'jakamo-request-sent:postOrderResponse' },
  { kind: 'random', arm: 'jakamo-request-sent:putDeliveredStatus' },
  { kind: 'crash-point', point: 'jakamo-request-sent:putDeliveredStatus' },
  { kind: 'random', arm: 'outbound-answer-recorded' },
  { kind: 'crash-point', point: 'outbound-answer-recorded' },
];

/** The first `count` kills; a random kill whose crash point would be beyond the count arms nothing. */
export function killSequence(count: number): KillPlan[] {
  const kills: KillPlan[] = [];
  for (let i = 0; i < count; i++) {
    kills.push(
      i < killCycle.length ? killCycle[i] : i % 3 === 0 ? { kind: 'drain-in-flight' } : { kind: 'random' },
    );
  }
  const last = kills[kills.length - 1];
  if (last?.kind === 'random' && last.arm !== undefined) kills[kills.length - 1] = { kind: 'random' };
  return kills;
}

/**
 * The scheduled events, spread evenly over the placement of the orders (from 5 % to 85 % of
 * them, so that every event happens while orders flow): the scheduled kills (crash points follow
 * their arming kill by themselves), the dev server's restart after about a third of them and the
 * sandbox's after about two thirds.
 */
export function scheduleEvents(options: SoakPlanOptions): ScheduledEvent[] {
  const actions: ScheduledAction[] = killSequence(options.kills)
    .filter((kill): kill is Exclude<KillPlan, { kind: 'crash-point' }> => kill.kind !== 'crash-point')
    .map((kill) => ({ type: 'kill', kill }));
  const insert = (fraction: number, action: ScheduledAction) =>
    actions.splice(Math.round(actions.length * fraction), 0, action);
  if (options.restartDevServer) insert(1 / 3, { type: 'restart-dev-server' });
  if (options.restartSandbox) insert(2 / 3, { type: 'restart-sandbox' });
  const first = 0.05;
  const last = 0.85;
  return actions.map((action, index) => ({
    action,
    afterOrders: Math.max(
      1,
      Math.round(
        options.orders *
          (actions.length === 1 ? first : first + ((last - first) * index) / (actions.length - 1)),
      ),
    ),
  }));
}

/**
 * The lifecycle of the order with this index: a fixed pattern over 20 orders, so every share is
 * spread evenly over the run (3 in 20 = 15 % by default for each of the two extra lifecycles).
 */
export function lifecycleOf(index: number, shares: SoakPlanOptions['shares']): Lifecycle {
  const slot = index % 20;
  const orderResponse = Math.round(shares.orderResponse * 20);
  const erp = Math.round(shares.erpConfirmDeliver * 20);
  if (slot < erp) return 'erp-confirm-deliver';
  if (slot < erp + orderResponse) return 'order-response';
  return 'simple-confirm';
}

/** After how many orders each bad message goes into the queue (evenly between them). */
export function badMessagePlacement(orders: number, badMessages: number): number[] {
  return Array.from({ length: badMessages }, (_, j) => Math.round(((j + 1) * orders) / (badMessages + 1)));
}

/** The issue's faults: 10 % 500s, 5 % dropped connections, 5 % lost acknowledgements, 10–50 ms latency, and lost answers. */
export const issueFaults: Partial<SandboxFaults> = {
  errorRate: 0.1,
  dropRate: 0.05,
  lostAckRate: 0.05,
  lostAnswerRate: 0.05,
  latencyMs: 10,
  jitterMs: 40,
  seed: 7,
};

/** A kill plan in words, for the report. */
export function describeKill(kill: KillPlan): string {
  switch (kill.kind) {
    case 'random':
      return kill.arm === undefined
        ? 'worker SIGKILL (random moment)'
        : `worker SIGKILL (random moment); next worker armed: ${kill.arm}`;
    case 'crash-point':
      return `worker killed itself at crash point ${kill.point}`;
    case 'drain-in-flight':
      return 'worker SIGKILL inside a queue drain (Jakamo slowed to 1.5 s a request)';
    case 'answer-held':
      return 'worker SIGKILL while Jakamo holds the answer of a confirmation it processed';
  }
}
