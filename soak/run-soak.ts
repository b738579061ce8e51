import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { confirmOrder, deliverOrder } from '../client/orders/order-calls';
import { visibilityString } from '../client/orders/order-list';
import { migrateToLatest, openDatabase, type ConnectorDatabase } from '../db/database';
import { sha256Hex } from '../db/message-archive';
import { intakeWorkflowId, orderKey } from '../domain/order-key';
import { JakamoCustomer, JakamoOrderStatus, NeedsAttention } from '../domain/search-attributes';
import {
  SandboxControlClient,
  type PlacedOrder,
  type SandboxFaults,
  type SandboxIntegrationStats,
} from '../sandbox';
import { SandboxControlError, SandboxUnreachableError } from '../sandbox/control-client';
import { seededRandom } from '../sandbox/random';
import { hostileCorpus, receivedText, type HostileMessage } from '../harness/hostile-corpus';
import { freePort } from '../worker/dev-server';
import { temporalBinaries } from '../worker/temporal-binaries';
import { orderStateQuery } from '../workflows/order/messages';
import {
  checkSoak,
  jakamoKindOf,
  verdictOf,
  type BadMessageFact,
  type PlacedSoakOrder,
  type SoakCheck,
} from './checks';
import { collectFacts, type RunRecord } from './facts';
import {
  badMessagePlacement,
  describeKill,
  issueFaults,
  lifecycleOf,
  scheduleEvents,
  soakCustomers,
  type Lifecycle,
  type ScheduledAction,
  type SoakCrashPoint,
  type SoakPlanOptions,
} from './plan';
import { startSoakDevServer, startSoakSandbox, WorkerSupervisor, type WorkerExit } from './processes';
import { clock, formatReport, type SoakEventRecord } from './report';

/**
 * The soak (issue 10): thousands of orders through the whole pipeline — its own Temporal dev
 * server, Jakamo sandbox and `jakamo-so worker`, each a child process on 127.0.0.1 with its own
 * files — under the network faults of the issue, lost answers, crash points, SIGKILLs of the
 * worker (some at random, some aimed at a drain or a confirmation in flight), a restart of the dev
 * server and of the sandbox on their own files, and bad messages between the orders. Afterwards
 * it collects what Jakamo, the ERP, the archive and the workflows say (./facts.ts), judges it
 * (./checks.ts) and prints one verdict line. Bounded in time: at the deadline it stops waiting
 * and judges what it has, so an order that never settles is counted as stuck.
 */

export interface SoakOptions extends SoakPlanOptions {
  /** One order placed every so many milliseconds. */
  placeEveryMs: number;
  /** Faults the sandbox starts (and restarts) with. */
  faults: Partial<SandboxFaults>;
  /** The whole soak, settling included; past it the verdict counts what is not done as stuck. */
  timeoutMs: number;
  /** The soak's folder (created); default a new one under the system's temporary folder. */
  dir: string | undefined;
  /** Seed of the soak's own dice (when random kills strike within their slot). */
  seed: number;
  /** Where progress lines go. */
  log: (line: string) => void;
  /** Stops the soak early (Ctrl-C): what was done is judged. */
  signal?: AbortSignal;
}

/** The issue's soak: 2,000 orders, every fault, ten kills, both restarts, the whole hostile corpus. */
export const issueSoak: Omit<SoakOptions, 'dir' | 'log'> = {
  orders: 2000,
  placeEveryMs: 150,
  badMessages: hostileCorpus.length,
  kills: 10,
  restartDevServer: true,
  restartSandbox: true,
  shares: { orderResponse: 0.15, erpConfirmDeliver: 0.15 },
  faults: issueFaults,
  timeoutMs: 60 * 60_000,
  seed: 7,
};

export interface SoakResult {
  dir: string;
  durationMs: number;
  report: string;
  check: SoakCheck;
  events: SoakEventRecord[];
  injected: SandboxIntegrationStats | undefined;
  kills: number;
}

/** A progress sample: Jakamo's counters, for the time to recover after each event. */
interface Sample {
  t: number;
  acknowledged: number;
  documents: number;
}

const integration = 'soak';
const username = 'soak-supplier';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Bad messages from the corpus, one of each group in turn, so every group is in even a small run. */
export function pickBadMessages(count: number): HostileMessage[] {
  const groups = new Map<string, HostileMessage[]>();
  for (const message of hostileCorpus)
    groups.set(message.group, [...(groups.get(message.group) ?? []), message]);
  const picked: HostileMessage[] = [];
  for (let round = 0; picked.length < Math.min(count, hostileCorpus.length); round++) {
    for (const members of groups.values()) {
      const message = members[round];
      if (message !== undefined && picked.length < count) picked.push(message);
    }
  }
  return picked;
}

/** The time after `at` when acknowledgements and Jakamo's documents had both moved again. */
export function resumedAt(samples: readonly Sample[], at: number): number | undefined {
  // The first sample taken once the part was back: what moved after it was done by the new part.
  const base = samples.find((sample) => sample.t >= at);
  if (base === undefined) return undefined;
  return samples.find(
    (sample) =>
      sample.t > base.t && sample.acknowledged > base.acknowledged && sample.documents > base.documents,
  )?.t;
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const { log } = options;
  const t0 = Date.now();
  const now = () => Date.now() - t0;
  const deadline = t0 + options.timeoutMs;
  const over = () => Date.now() > deadline || options.signal?.aborted === true;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-soak-'));
  fs.mkdirSync(dir, { recursive: true });
  log(`soak folder: ${dir}`);

  // --- configuration: the sandbox's integration and the worker's configuration file ----------
  const password = randomBytes(12).toString('hex');
  const sandboxConfigFile = path.join(dir, 'sandbox-integrations.json');
  fs.writeFileSync(
    sandboxConfigFile,
    JSON.stringify({
      integrations: [
        {
          id: integration,
          username,
          password,
          supplier: { partyId: 'SOAK-SUPPLIER', name: 'Soak Supplier Oy' },
          customers: Object.values(soakCustomers).map((partyId) => ({ partyId, name: `${partyId} Oy` })),
        },
      ],
    }),
  );
  const [devPort, uiPort, sandboxPort] = [await freePort(), await freePort(), await freePort()];
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const workerConfigFile = path.join(dir, 'worker-config.json');
  fs.writeFileSync(
    workerConfigFile,
    JSON.stringify({
      integrations: [
        {
          id: integration,
          baseUrl: sandboxUrl,
          username,
          password: { env: 'SOAK_JAKAMO_PASSWORD' },
          pollInterval: '200ms',
          httpTimeout: '20s',
        },
      ],
      customers: {
        [soakCustomers['order-response']]: { responseStyle: 'order-response' },
        [soakCustomers['erp-confirm-deliver']]: { confirmationPolicy: 'erp' },
      },
      defaults: { confirmationPolicy: 'auto', responseStyle: 'simple', sellerContactId: 'SELLER-1' },
    }),
  );

  // --- processes -------------------------------------------------------------------------
  const devServer = await startSoakDevServer({
    cliPath: temporalBinaries({ cliPath: process.env.TEMPORAL_CLI_PATH }).cli,
    port: devPort,
    uiPort,
    dbFile: path.join(dir, 'temporal.sqlite'),
    logFile: path.join(dir, 'temporal.log'),
  });
  log(`Temporal dev server ${devServer.address} (Web UI ${devServer.uiUrl})`);
  let sandbox: Awaited<ReturnType<typeof startSoakSandbox>> | undefined;
  let db: ConnectorDatabase | undefined;
  let connection: Connection | undefined;
  let supervisor: WorkerSupervisor | undefined;
  try {
    sandbox = await startSoakSandbox({
      port: sandboxPort,
      configFile: sandboxConfigFile,
      stateFile: path.join(dir, 'sandbox-state.json'),
      faults: options.faults,
      logFile: path.join(dir, 'sandbox.log'),
    });
    log(`Jakamo sandbox ${sandbox.baseUrl} (faults ${JSON.stringify(options.faults)})`);
    const dbFile = path.join(dir, 'connector.sqlite');
    db = openDatabase({ kind: 'sqlite', file: dbFile });
    await migrateToLatest(db);
    connection = await Connection.connect({ address: devServer.address });
    const client = new Client({ connection, namespace: 'default' });
    const control = new SandboxControlClient(sandbox.baseUrl);

    const running = {
      db,
      connection,
      client,
      control,
      sandbox,
      devServer,
    };
    const outcome = await soak(options, running, {
      dir,
      now,
      over,
      workerEnv: {
        TEMPORAL_ADDRESS: devServer.address,
        TEMPORAL_TASK_QUEUE: 'jakamo-so-soak',
        JAKAMO_SO_CONFIG: workerConfigFile,
        SOAK_JAKAMO_PASSWORD: password,
        DATABASE_URL: dbFile,
        DATA_DIR: dir,
        LOG_LEVEL: 'info',
        // Nothing the caller's environment holds may change what the soak runs.
        JAKAMO_BASE_URL: '',
        JAKAMO_USERNAME: '',
        JAKAMO_PASSWORD: '',
        JAKAMO_SO_TEST_CRASH_AT: '',
        ORDER_RESPONSE_CUSTOMERS: '',
        METRICS_ADDRESS: '',
      },
      setSupervisor: (value) => (supervisor = value),
    });
    const durationMs = now();
    const report = formatReport({
      dir,
      durationMs,
      orders: outcome.record.orders.length,
      byLifecycle: countLifecycles(outcome.record.orders),
      badMessages: outcome.record.badMessages.length,
      faults: JSON.stringify(options.faults),
      injected: outcome.injected,
      kills: outcome.kills,
      workersStarted: outcome.workersStarted,
      events: outcome.events,
      check: outcome.check,
    });
    fs.writeFileSync(path.join(dir, 'soak-report.txt'), `${report}\n`);
    fs.writeFileSync(
      path.join(dir, 'soak-results.json'),
      JSON.stringify(
        {
          options: { ...options, log: undefined, signal: undefined },
          durationMs,
          verdict: outcome.check.verdict,
          rows: outcome.check.rows,
          resends: outcome.check.resends,
          findings: outcome.check.findings,
          injected: outcome.injected,
          kills: outcome.kills,
          workersStarted: outcome.workersStarted,
          events: outcome.events,
          orders: outcome.record.orders.length,
          badMessages: outcome.record.badMessages.map((message) => message.name),
        },
        null,
        2,
      ),
    );
    return {
      dir,
      durationMs,
      report,
      check: outcome.check,
      events: outcome.events,
      injected: outcome.injected,
      kills: outcome.kills,
    };
  } finally {
    await supervisor?.stop();
    await sandbox?.stop();
    await devServer.stop();
    await connection?.close();
    await db?.destroy();
  }
}

function countLifecycles(orders: readonly PlacedSoakOrder[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const order of orders) counts[order.lifecycle] = (counts[order.lifecycle] ?? 0) + 1;
  return counts;
}

interface Running {
  db: ConnectorDatabase;
  connection: Connection;
  client: Client;
  control: SandboxControlClient;
  sandbox: Awaited<ReturnType<typeof startSoakSandbox>>;
  devServer: Awaited<ReturnType<typeof startSoakDevServer>>;
}

interface SoakContext {
  dir: string;
  now: () => number;
  over: () => boolean;
  workerEnv: Record<string, string>;
  setSupervisor: (supervisor: WorkerSupervisor) => void;
}

interface SoakOutcome {
  record: RunRecord;
  check: SoakCheck;
  events: SoakEventRecord[];
  injected: SandboxIntegrationStats | undefined;
  kills: number;
  workersStarted: number;
}

/** The soak itself, once its processes run. */
async function soak(options: SoakOptions, running: Running, context: SoakContext): Promise<SoakOutcome> {
  const { db, connection, client, control } = running;
  const { now, over, log } = { ...context, log: options.log };
  const random = seededRandom(options.seed);
  const placed: PlacedSoakOrder[] = [];
  const byKey = new Map<string, PlacedSoakOrder>();
  const badMessages: BadMessageFact[] = [];
  const killCredits: RunRecord['killCredits'] = [];
  const unplannedWorkerExits: string[] = [];
  const events: SoakEventRecord[] = [];
  const samples: Sample[] = [];
  let enqueued = 0;
  let kills = 0;
  let placementDone = false;
  let finished = false;
  /** Closed while the sandbox restarts: nobody calls it then. */
  let sandboxGate: Promise<void> = Promise.resolve();
  let sandboxRestarting = false;

  const newEvent = (what: string, startedAt = now()): SoakEventRecord => {
    const event: SoakEventRecord = {
      number: events.length + 1,
      what,
      startedAt,
      backAt: undefined,
      resumedAt: undefined,
      inFlight: [],
      inFlightDoneAt: undefined,
      note: undefined,
    };
    events.push(event);
    log(`[${clock(now())}] event ${event.number}: ${what}`);
    return event;
  };

  // Steps in flight when a worker died: each lost answer may be resent once (counted apart).
  const credited = new Set<string>();
  const inFlightOf = new Map<SoakEventRecord, { orderKey: string; effectId: string }[]>();
  const creditInFlight = async (event: SoakEventRecord) => {
    const rows = await db
      .selectFrom('outbound_documents')
      .select(['order_key', 'effect_id', 'kind', 'attempts'])
      .where('integration', '=', integration)
      .where('status', '=', 'sending')
      .execute();
    for (const row of rows) {
      const id = `${row.order_key}|${row.effect_id}|${row.attempts}`;
      if (credited.has(id)) continue;
      credited.add(id);
      killCredits.push({ orderKey: row.order_key, kind: row.kind });
    }
    event.inFlight = rows.map((row) => `${row.order_key} · ${row.kind}`);
    inFlightOf.set(
      event,
      rows.map((row) => ({ orderKey: row.order_key, effectId: row.effect_id })),
    );
  };

  // --- the worker, kept running by a supervisor ------------------------------------------
  let crashPointFired: (() => void) | undefined;
  // An event that killed the worker is over when the next worker says it runs (its log).
  const waitingForWorker = new Map<SoakEventRecord, number>();
  const supervisor = new WorkerSupervisor(context.workerEnv, context.dir, async (exit: WorkerExit) => {
    let event: SoakEventRecord;
    // An armed worker can reach its crash point before it logs that it runs: it was back by then.
    for (const [waiting, number] of waitingForWorker) {
      if (number !== exit.number) continue;
      waiting.backAt = exit.at - (Date.now() - now());
      waiting.note = `worker #${number} reached its crash point before it logged that it runs`;
      waitingForWorker.delete(waiting);
    }
    if (exit.armedWith !== undefined && exit.signalOrCode === 'SIGKILL') {
      kills++;
      event = newEvent(
        describeKill({ kind: 'crash-point', point: exit.armedWith as SoakCrashPoint }),
        exit.at - (Date.now() - now()),
      );
      crashPointFired?.();
    } else {
      unplannedWorkerExits.push(`#${exit.number} (${String(exit.signalOrCode)})`);
      event = newEvent(
        `worker #${exit.number} ended by itself (${String(exit.signalOrCode)}): started again`,
      );
    }
    await creditInFlight(event);
    // The supervisor starts the next one right after this.
    waitingForWorker.set(event, supervisor.workersStarted + 1);
  });
  context.setSupervisor(supervisor);
  supervisor.start();

  const killWorker = async (what: string, armNext?: string): Promise<SoakEventRecord> => {
    const event = newEvent(what);
    const exit = await supervisor.kill();
    if (exit !== undefined) kills++;
    await creditInFlight(event);
    waitingForWorker.set(event, supervisor.start(armNext));
    return event;
  };
  const workerWatcher = (async () => {
    while (!finished) {
      for (const [event, number] of waitingForWorker) {
        const file = supervisor.logFileOf(number);
        if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('"msg":"Worker running"')) {
          event.backAt = now();
          waitingForWorker.delete(event);
        }
      }
      await sleep(250);
    }
  })();

  const setFaults = async (faults: Partial<SandboxFaults>) => {
    await sandboxGate;
    await control.setFaults(integration, faults);
  };

  // --- background: progress samples, in-flight steps, the ERP's updates, progress lines -----
  const sampler = (async () => {
    while (!finished) {
      if (!sandboxRestarting) {
        try {
          const stats = (await control.stats()).integrations[integration];
          if (stats !== undefined)
            samples.push({
              t: now(),
              acknowledged: stats.acknowledged,
              documents: stats.confirmations + stats.orderResponses + stats.statusMessages,
            });
        } catch {
          // the sandbox is restarting
        }
      }
      await sleep(500);
    }
  })();

  const inFlightTracker = (async () => {
    while (!finished) {
      for (const [event, steps] of inFlightOf) {
        if (event.inFlightDoneAt !== undefined || steps.length === 0) continue;
        try {
          const open = await db
            .selectFrom('outbound_documents')
            .select(['order_key', 'effect_id'])
            .where('status', '=', 'sending')
            .execute();
          const stillOpen = new Set(open.map((row) => `${row.order_key}|${row.effect_id}`));
          if (steps.every((step) => !stillOpen.has(`${step.orderKey}|${step.effectId}`)))
            event.inFlightDoneAt = now();
        } catch {
          // the database is busy: next round
        }
      }
      await sleep(1000);
    }
  })();

  let erpUpdates = 0;
  let erpUpdateErrors = 0;
  const erpDriver = (async () => {
    const customer = soakCustomers['erp-confirm-deliver'];
    const query = [
      `WorkflowType = 'orderWorkflow'`,
      `ExecutionStatus = 'Running'`,
      `${JakamoCustomer.name} = ${visibilityString(customer)}`,
      `${JakamoOrderStatus.name} IN ('AwaitingErpConfirmation', 'Confirmed')`,
    ].join(' AND ');
    while (!finished) {
      try {
        const keys: string[] = [];
        await connection.withDeadline(Date.now() + 15_000, async () => {
          for await (const execution of client.workflow.list({ query })) keys.push(execution.workflowId);
        });
        for (const key of keys) {
          if (finished) break;
          try {
            const state = await connection.withDeadline(Date.now() + 10_000, () =>
              client.workflow.getHandle(key).query(orderStateQuery),
            );
            if (state.pendingEffects.length > 0 || state.attention !== undefined) continue;
            // The ERP's idempotency key: a call repeated after a failure is decided once.
            const options = { updateId: `soak-${key}` };
            if (state.status === 'AwaitingErpConfirmation') {
              await connection.withDeadline(Date.now() + 20_000, () =>
                confirmOrder(client, key, { note: 'Confirmed by the soak ERP' }, options),
              );
              erpUpdates++;
            } else if (state.status === 'Confirmed') {
              await connection.withDeadline(Date.now() + 20_000, () =>
                deliverOrder(client, key, {}, options),
              );
              erpUpdates++;
            }
          } catch {
            erpUpdateErrors++;
          }
        }
      } catch {
        erpUpdateErrors++;
      }
      await sleep(1000);
    }
  })();

  const progress = (async () => {
    while (!finished) {
      for (let waited = 0; waited < 15_000 && !finished; waited += 500) await sleep(500);
      if (finished) break;
      const last = samples[samples.length - 1];
      log(
        `[${clock(now())}] placed ${placed.length}/${options.orders} · bad ${badMessages.length} · ` +
          `acknowledged ${last?.acknowledged ?? '?'} · Jakamo documents ${last?.documents ?? '?'} · ` +
          `kills ${kills} · events ${events.length} · ERP updates ${erpUpdates}`,
      );
    }
  })();

  // --- placing orders and bad messages -----------------------------------------------------
  const toPlaced = (index: number, lifecycle: Lifecycle, order: PlacedOrder): PlacedSoakOrder => {
    const entry: PlacedSoakOrder = {
      index,
      jakamoOrderNumber: order.jakamoOrderNumber,
      orderNumber: order.orderNumber,
      key: orderKey({ integration, buyerPartyId: order.buyerPartyId, orderNumber: order.orderNumber }),
      lifecycle,
    };
    byKey.set(entry.key, entry);
    return entry;
  };
  const placeOne = async (index: number): Promise<PlacedSoakOrder> => {
    const lifecycle = lifecycleOf(index, options.shares);
    const orderNumber = `SOAK-${String(index + 1).padStart(6, '0')}`;
    for (let attempt = 1; ; attempt++) {
      await sandboxGate;
      try {
        const order = await control.placeOrder(integration, {
          customerPartyId: soakCustomers[lifecycle],
          lines: 1 + (index % 3),
          seed: index + 1,
          orderNumber,
        });
        return toPlaced(index, lifecycle, order);
      } catch (error) {
        // An earlier attempt whose answer was lost did place it.
        if (error instanceof SandboxControlError && error.httpStatus === 409) {
          const found = (await control.listOrders(integration)).find(
            (order) => order.orderNumber === orderNumber,
          );
          if (found !== undefined) return toPlaced(index, lifecycle, found);
        }
        if (attempt >= 30 || over()) throw error;
        await sleep(500);
      }
    }
  };
  const enqueueBad = async (message: HostileMessage) => {
    for (let attempt = 1; ; attempt++) {
      await sandboxGate;
      try {
        await control.enqueueRaw(integration, message.body);
        badMessages.push({ name: message.name, sha256: sha256Hex(receivedText(message.body)) });
        enqueued++;
        return;
      } catch (error) {
        // Only a refused connection surely did not enqueue it (anything else might have: not retried).
        const refused = error instanceof SandboxUnreachableError && /ECONNREFUSED/.test(error.message);
        if (!refused || attempt >= 30 || over()) throw error;
        await sleep(500);
      }
    }
  };
  const bad = pickBadMessages(options.badMessages);
  const badAfter = badMessagePlacement(options.orders, bad.length);
  const placement = (async () => {
    let nextBad = 0;
    try {
      for (let index = 0; index < options.orders && !over(); index++) {
        const started = Date.now();
        placed.push(await placeOne(index));
        enqueued++;
        while (nextBad < bad.length && badAfter[nextBad] <= index + 1) await enqueueBad(bad[nextBad++]);
        await sleep(Math.max(0, options.placeEveryMs - (Date.now() - started)));
      }
      while (nextBad < bad.length && !over()) await enqueueBad(bad[nextBad++]);
    } finally {
      placementDone = true;
    }
  })();

  // --- the scheduled events -----------------------------------------------------------------
  const baseline = { latencyMs: options.faults.latencyMs ?? 0, jitterMs: options.faults.jitterMs ?? 0 };
  const until = async <T>(probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 200) => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end && !over()) {
      try {
        const value = await probe();
        if (value !== undefined) return value;
      } catch {
        // try again
      }
      await sleep(everyMs);
    }
    return undefined;
  };
  const drainRunning = async () => {
    const described = await connection.withDeadline(Date.now() + 5000, () =>
      client.workflow.getHandle(intakeWorkflowId(integration)).describe(),
    );
    return (described.raw.pendingActivities ?? []).some(
      (activity) =>
        activity.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
    )
      ? true
      : undefined;
  };
  const heldAnswer = async () => {
    const rows = await db
      .selectFrom('outbound_documents')
      .select(['order_key', 'kind', 'last_attempt_at'])
      .where('integration', '=', integration)
      .where('status', '=', 'sending')
      .execute();
    for (const row of rows.slice(0, 5)) {
      const order = byKey.get(row.order_key);
      if (order === undefined) continue;
      const jakamo = await control.getOrder(order.jakamoOrderNumber);
      const processed = jakamo.documents.some(
        (document) => document.kind === jakamoKindOf[row.kind] && document.receivedAt >= row.last_attempt_at,
      );
      if (processed) return `${order.jakamoOrderNumber} ${row.kind}: processed by Jakamo, its answer held`;
    }
    return undefined;
  };

  const perform = async (action: ScheduledAction) => {
    switch (action.type) {
      case 'restart-dev-server': {
        const event = newEvent('Temporal dev server restarted (SIGTERM, same SQLite file and port)');
        await running.devServer.restart();
        event.backAt = now();
        return;
      }
      case 'restart-sandbox': {
        const event = newEvent('Jakamo sandbox restarted (SIGTERM, same state file and port)');
        let open: () => void = () => undefined;
        sandboxGate = new Promise<void>((resolve) => (open = resolve));
        sandboxRestarting = true;
        try {
          await running.sandbox.restart();
        } finally {
          sandboxRestarting = false;
          open();
        }
        event.backAt = now();
        return;
      }
      case 'kill': {
        const { kill } = action;
        if (kill.kind === 'random') {
          // Somewhere within the next two seconds.
          await sleep(Math.floor(random() * 2000));
          const fired = new Promise<void>((resolve) => (crashPointFired = resolve));
          await killWorker(describeKill(kill), kill.arm);
          if (kill.arm !== undefined) {
            // The next kill is the armed worker's own: wait for it before anything else happens.
            let timer: NodeJS.Timeout | undefined;
            const done = await Promise.race([
              fired.then(() => true),
              new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 180_000))),
            ]);
            clearTimeout(timer);
            if (!done) {
              const note = newEvent(`crash point ${kill.arm} did not fire within 180 s`);
              note.note = 'no such step reached';
            }
          }
          crashPointFired = undefined;
          return;
        }
        if (kill.kind === 'drain-in-flight') {
          await setFaults({ latencyMs: 1500, jitterMs: 0 });
          const seen = await until(drainRunning, 60_000);
          await sleep(1000);
          const event = await killWorker(describeKill(kill));
          if (seen === undefined) event.note = 'no drain seen running; killed anyway';
          await setFaults(baseline);
          return;
        }
        if (kill.kind === 'answer-held') {
          await setFaults({ answerDelayMs: 4000 });
          const held = await until(heldAnswer, 90_000, 100);
          const event = await killWorker(describeKill(kill));
          event.note = held ?? 'no held answer seen within 90 s; killed anyway';
          await setFaults({ answerDelayMs: 0 });
          return;
        }
        return;
      }
    }
  };

  const schedule = scheduleEvents(options);
  log(
    `plan: ${options.orders} orders every ${options.placeEveryMs} ms, ${bad.length} bad messages, ` +
      `${schedule.length} scheduled events: ${schedule
        .map(
          (event) =>
            `${event.action.type === 'kill' ? event.action.kill.kind : event.action.type}@${event.afterOrders}`,
        )
        .join(', ')}`,
  );
  const scheduled = (async () => {
    for (const event of schedule) {
      while (placed.length < event.afterOrders && !placementDone && !over()) await sleep(100);
      if (over()) return;
      await perform(event.action);
    }
  })();

  // A failure of placement or an event is the soak's own: judged as far as it got.
  const [placementResult, scheduledResult] = await Promise.allSettled([placement, scheduled]);
  for (const result of [placementResult, scheduledResult]) {
    if (result.status === 'rejected')
      log(`soak step failed: ${(result.reason as Error)?.message ?? String(result.reason)}`);
  }
  log(`[${clock(now())}] all orders placed and events done; waiting for the pipeline to settle`);

  // --- settle: everything done, or the deadline -------------------------------------------
  const expected = {
    confirmed: placed.filter((order) => order.lifecycle !== 'erp-confirm-deliver').length,
    delivered: placed.filter((order) => order.lifecycle === 'erp-confirm-deliver').length,
  };
  let lastOutstanding = '';
  let lastLogged = 0;
  for (;;) {
    const outstanding = await whatIsOutstanding(running, expected, enqueued).catch(
      (error: unknown) => `cannot tell (${(error as Error).message})`,
    );
    if (outstanding === undefined) break;
    if (over()) {
      log(`[${clock(now())}] deadline: ${outstanding}`);
      break;
    }
    if (outstanding !== lastOutstanding && Date.now() - lastLogged > 15_000) {
      log(`[${clock(now())}] settling: ${outstanding}`);
      lastOutstanding = outstanding;
      lastLogged = Date.now();
    }
    await sleep(2000);
  }
  const timedOut = over();
  finished = true;
  await Promise.all([sampler, inFlightTracker, erpDriver, progress, workerWatcher]);
  log(`[${clock(now())}] ${timedOut ? 'stopped at the deadline' : 'settled'}; collecting the facts`);

  const record: RunRecord = {
    orders: placed,
    badMessages,
    enqueued,
    killCredits,
    unplannedWorkerExits,
    timedOut: timedOut || placementResult.status === 'rejected' || scheduledResult.status === 'rejected',
  };
  let check: SoakCheck;
  try {
    check = checkSoak(await collectFacts({ integration, control, db, client, connection }, record));
  } catch (error) {
    const findings = [
      {
        category: 'stuck' as const,
        subject: 'run',
        what: `the facts could not be collected: ${(error as Error).message}`,
      },
    ];
    check = {
      rows: [],
      findings,
      verdict: verdictOf(findings),
      resends: { resends: 0, injectedLosses: 0, lostAnswers: 0, killCredits: 0 },
    };
  }
  for (const event of events) {
    if (event.backAt !== undefined) event.resumedAt = resumedAt(samples, event.backAt);
  }
  const injected = await control
    .stats()
    .then((stats) => stats.integrations[integration])
    .catch(() => undefined);
  log(`ERP updates sent by the soak: ${erpUpdates} (${erpUpdateErrors} calls failed and were repeated)`);
  return { record, check, events, injected, kills, workersStarted: supervisor.workersStarted };
}

/** What is not done yet, in words; undefined when everything is. */
async function whatIsOutstanding(
  running: Running,
  expected: { confirmed: number; delivered: number },
  enqueued: number,
): Promise<string | undefined> {
  const { db, client, connection, control } = running;
  const problems: string[] = [];
  const stats = (await control.stats()).integrations[integration];
  if (stats === undefined) return 'the sandbox does not know the integration';
  if (stats.queued > 0) problems.push(`${stats.queued} queued`);
  const archive = await db
    .selectFrom('inbound_messages')
    .select((eb) => [
      eb.fn.countAll<number>().as('all'),
      eb.fn.count<number>('acknowledged_at').as('acknowledged'),
    ])
    .where('integration', '=', integration)
    .executeTakeFirstOrThrow();
  if (Number(archive.all) !== enqueued || Number(archive.acknowledged) !== enqueued)
    problems.push(`archive ${Number(archive.acknowledged)}/${enqueued} acknowledged`);
  const sending = await db
    .selectFrom('outbound_documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('integration', '=', integration)
    .where('status', '=', 'sending')
    .executeTakeFirstOrThrow();
  if (Number(sending.n) > 0) problems.push(`${Number(sending.n)} requests without an answer`);
  const ledger = await db
    .selectFrom('erp_applied_documents')
    .select(['kind', (eb) => eb.fn.count<number>('order_key').distinct().as('orders')])
    .groupBy('kind')
    .execute();
  const applied = (kind: string) => Number(ledger.find((row) => row.kind === kind)?.orders ?? 0);
  if (applied('Confirmation') < expected.confirmed + expected.delivered)
    problems.push(`ERP confirmations ${applied('Confirmation')}/${expected.confirmed + expected.delivered}`);
  if (applied('Delivery') < expected.delivered)
    problems.push(`ERP deliveries ${applied('Delivery')}/${expected.delivered}`);
  const count = async (clause: string) =>
    (
      await connection.withDeadline(Date.now() + 10_000, () =>
        client.workflow.count(`WorkflowType = 'orderWorkflow' AND ExecutionStatus = 'Running' AND ${clause}`),
      )
    ).count;
  const confirmed = await count(`${JakamoOrderStatus.name} = 'Confirmed'`);
  const delivered = await count(`${JakamoOrderStatus.name} = 'Delivered'`);
  const attention = await count(`${NeedsAttention.name} = true`);
  if (confirmed < expected.confirmed) problems.push(`workflows Confirmed ${confirmed}/${expected.confirmed}`);
  if (delivered < expected.delivered) problems.push(`workflows Delivered ${delivered}/${expected.delivered}`);
  if (attention > 0) problems.push(`${attention} orders need attention`);
  return problems.length === 0 ? undefined : problems.join(' · ');
}
