import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { migrateToLatest, openDatabase, type ConnectorDatabase } from '../db/database';
import { SandboxControlClient, type SandboxIntegrationStats } from '../sandbox';
import { freePort } from '../worker/dev-server';
import { temporalBinaries } from '../worker/temporal-binaries';
import { checkSoak, verdictOf, type PlacedSoakOrder, type SoakCheck } from './checks';
import { soakIntegration, soakWorkerEnv, writeSoakConfiguration } from './configuration';
import { driveErp } from './erp-driver';
import { collectFacts, type RunRecord } from './facts';
import { logProgress, resumedAt, sampleJakamo, trackStepsInFlight } from './monitors';
import type { SoakOptions } from './options';
import { pickBadMessages, placeOrders } from './placement';
import { scheduleEvents } from './plan';
import { startSoakDevServer, startSoakSandbox, type SandboxSlot } from './processes';
import { formatReport, type SoakEventRecord } from './report';
import { SoakRun } from './run-state';
import { planLine, runSchedule } from './schedule';
import { untilSettled } from './settle';
import { SoakSupervisor } from './supervisor';

/**
 * The soak (issue 10): thousands of orders through the whole pipeline — its own Temporal dev
 * server, Jakamo sandbox and `jakamo-so worker`, each a child process on 127.0.0.1 with its own
 * files — under the network faults of the issue, lost answers, crash points, SIGKILLs of the
 * worker (some at random, some aimed at a drain or a confirmation in flight), a restart of the dev
 * server and of the sandbox on their own files, and bad messages between the orders. Afterwards
 * it collects what Jakamo, the ERP, the archive and the workflows say (./facts.ts), judges it
 * (./checks.ts) and prints one verdict line. Bounded in time: at the deadline it stops waiting
 * and judges what it has, so an order that never settles is counted as stuck.
 *
 * Its loops, each in its own module and sharing one `SoakRun` (./run-state.ts): the placement of
 * the orders (./placement.ts), the scheduled events (./schedule.ts), the worker's supervisor and
 * the restarts (./supervisor.ts), the monitors (./monitors.ts), the ERP (./erp-driver.ts) and the
 * wait for the pipeline to settle (./settle.ts).
 */

export interface SoakResult {
  dir: string;
  durationMs: number;
  report: string;
  check: SoakCheck;
  events: SoakEventRecord[];
  injected: SandboxIntegrationStats | undefined;
  kills: number;
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const { log } = options;
  const startedAt = Date.now();
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-soak-'));
  fs.mkdirSync(dir, { recursive: true });
  log(`soak folder: ${dir}`);

  const [devPort, uiPort, sandboxPort] = [await freePort(), await freePort(), await freePort()];
  const configuration = writeSoakConfiguration(dir, `http://127.0.0.1:${sandboxPort}`);
  const devServer = await startSoakDevServer({
    cliPath: temporalBinaries({ cliPath: process.env.TEMPORAL_CLI_PATH }).cli,
    port: devPort,
    uiPort,
    dbFile: path.join(dir, 'temporal.sqlite'),
    logFile: path.join(dir, 'temporal.log'),
  });
  log(`Temporal dev server ${devServer.address} (Web UI ${devServer.uiUrl})`);
  let sandbox: SandboxSlot | undefined;
  let db: ConnectorDatabase | undefined;
  let connection: Connection | undefined;
  let supervisor: SoakSupervisor | undefined;
  try {
    sandbox = await startSoakSandbox({
      port: sandboxPort,
      configFile: configuration.sandboxConfigFile,
      stateFile: path.join(dir, 'sandbox-state.json'),
      faults: options.faults,
      logFile: path.join(dir, 'sandbox.log'),
    });
    log(`Jakamo sandbox ${sandbox.baseUrl} (faults ${JSON.stringify(options.faults)})`);
    const databaseFile = path.join(dir, 'connector.sqlite');
    db = openDatabase({ kind: 'sqlite', file: databaseFile });
    await migrateToLatest(db);
    connection = await Connection.connect({ address: devServer.address });
    const client = new Client({ connection, namespace: 'default' });
    const control = new SandboxControlClient(sandbox.baseUrl);

    const run = new SoakRun(options, { db, connection, client, control, sandbox, devServer }, startedAt);
    supervisor = new SoakSupervisor(
      run,
      soakWorkerEnv(configuration, { temporalAddress: devServer.address, databaseFile, dir }),
      dir,
    );
    const outcome = await soak(run, supervisor);
    const durationMs = run.now();
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
      events: run.events,
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
          events: run.events,
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
      events: run.events,
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

interface SoakOutcome {
  record: RunRecord;
  check: SoakCheck;
  injected: SandboxIntegrationStats | undefined;
  kills: number;
  workersStarted: number;
}

/** The soak itself, once its processes run: its loops, then the facts and their judgement. */
async function soak(run: SoakRun, supervisor: SoakSupervisor): Promise<SoakOutcome> {
  supervisor.start();
  const background = [
    supervisor.watchWorkersBack(),
    sampleJakamo(run),
    trackStepsInFlight(run),
    driveErp(run),
    logProgress(run),
  ];
  const bad = pickBadMessages(run.options.badMessages);
  const placement = placeOrders(run, bad);
  const schedule = scheduleEvents(run.options);
  run.log(planLine(run, bad.length, schedule));
  const scheduled = runSchedule(run, supervisor, schedule);

  // A failure of placement or an event is the soak's own: judged as far as it got.
  const [placementResult, scheduledResult] = await Promise.allSettled([placement, scheduled]);
  for (const result of [placementResult, scheduledResult]) {
    if (result.status === 'rejected')
      run.log(`soak step failed: ${(result.reason as Error)?.message ?? String(result.reason)}`);
  }
  run.logAtNow('all orders placed and events done; waiting for the pipeline to settle');
  await untilSettled(run);
  const timedOut = run.over();
  run.finished = true;
  await Promise.all(background);
  run.logAtNow(`${timedOut ? 'stopped at the deadline' : 'settled'}; collecting the facts`);

  const record: RunRecord = {
    orders: run.placed,
    badMessages: run.badMessages,
    enqueued: run.enqueued,
    killCredits: run.killCredits,
    unplannedWorkerExits: run.unplannedWorkerExits,
    timedOut: timedOut || placementResult.status === 'rejected' || scheduledResult.status === 'rejected',
  };
  const check = await judge(run, record);
  for (const event of run.events) {
    if (event.backAt !== undefined) event.resumedAt = resumedAt(run.samples, event.backAt);
  }
  const injected = await run.parts.control
    .stats()
    .then((stats) => stats.integrations[soakIntegration])
    .catch(() => undefined);
  run.log(
    `ERP updates sent by the soak: ${run.erpUpdates} (${run.erpUpdateErrors} calls failed and were repeated)`,
  );
  return { record, check, injected, kills: run.kills, workersStarted: supervisor.workersStarted };
}

/** The checker's verdict on the facts; facts that cannot be collected are a finding of their own. */
async function judge(run: SoakRun, record: RunRecord): Promise<SoakCheck> {
  const { control, db, client, connection } = run.parts;
  try {
    return checkSoak(
      await collectFacts({ integration: soakIntegration, control, db, client, connection }, record),
    );
  } catch (error) {
    const findings = [
      {
        category: 'stuck' as const,
        subject: 'run',
        what: `the facts could not be collected: ${(error as Error).message}`,
      },
    ];
    return {
      rows: [],
      findings,
      verdict: verdictOf(findings),
      resends: { resends: 0, injectedLosses: 0, lostAnswers: 0, killCredits: 0 },
    };
  }
}
