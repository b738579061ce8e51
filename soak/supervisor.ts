import fs from 'node:fs';
import { soakIntegration } from './configuration';
import { describeKill, type SoakCrashPoint } from './plan';
import { WorkerSupervisor, type WorkerExit } from './processes';
import type { SoakEventRecord } from './report';
import type { SoakRun } from './run-state';

/**
 * The soak's crashes and restarts, each recorded as an event: keeps one `jakamo-so worker`
 * running (one that ends by itself is recorded and replaced), SIGKILLs it when the schedule says,
 * restarts the Temporal dev server and the sandbox on their own files, and notes for each event
 * which steps were in flight and when the disrupted part was back.
 */
export class SoakSupervisor {
  private readonly workers: WorkerSupervisor;
  /** Steps already credited (order, effect, attempt): a step in flight at two kills in one attempt counts once. */
  private readonly credited = new Set<string>();
  /** An event that killed the worker is over when the next worker says it runs (its log). */
  private readonly waitingForWorker = new Map<SoakEventRecord, number>();
  private crashPointFired: (() => void) | undefined;

  constructor(
    private readonly run: SoakRun,
    workerEnv: Record<string, string>,
    /** Each worker writes `worker-<n>.log` here. */
    logDir: string,
  ) {
    this.workers = new WorkerSupervisor(workerEnv, logDir, (exit) => this.recordOwnExit(exit));
  }

  get workersStarted(): number {
    return this.workers.workersStarted;
  }

  /** Starts the first worker. */
  start(): void {
    this.workers.start();
  }

  /** SIGKILLs the worker and starts the next one, armed with a crash point when given. */
  async killWorker(what: string, armNext?: string): Promise<SoakEventRecord> {
    const event = this.run.recordEvent(what);
    const exit = await this.workers.kill();
    if (exit !== undefined) this.run.kills++;
    await this.creditInFlight(event);
    this.waitingForWorker.set(event, this.workers.start(armNext));
    return event;
  }

  /** Resolves when an armed worker has killed itself at its crash point (ask before arming it). */
  nextCrashPoint(): Promise<void> {
    return new Promise<void>((resolve) => (this.crashPointFired = resolve));
  }

  async restartDevServer(): Promise<void> {
    const event = this.run.recordEvent('Temporal dev server restarted (SIGTERM, same SQLite file and port)');
    await this.run.parts.devServer.restart();
    event.backAt = this.run.now();
  }

  async restartSandbox(): Promise<void> {
    const event = this.run.recordEvent('Jakamo sandbox restarted (SIGTERM, same state file and port)');
    await this.run.sandboxGate.closedWhile(() => this.run.parts.sandbox.restart());
    event.backAt = this.run.now();
  }

  /** Until the run is finished: each event's worker is back once its log says it runs. */
  watchWorkersBack(): Promise<void> {
    return this.run.everyUntilFinished(250, () => {
      for (const [event, number] of this.waitingForWorker) {
        const file = this.workers.logFileOf(number);
        if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('"msg":"Worker running"')) {
          event.backAt = this.run.now();
          this.waitingForWorker.delete(event);
        }
      }
    });
  }

  stop(): Promise<void> {
    return this.workers.stop();
  }

  private async recordOwnExit(exit: WorkerExit): Promise<void> {
    // An armed worker can reach its crash point before it logs that it runs: it was back by then.
    for (const [waiting, number] of this.waitingForWorker) {
      if (number !== exit.number) continue;
      waiting.backAt = this.run.sinceStart(exit.at);
      waiting.note = `worker #${number} reached its crash point before it logged that it runs`;
      this.waitingForWorker.delete(waiting);
    }
    let event: SoakEventRecord;
    if (exit.armedWith !== undefined && exit.signalOrCode === 'SIGKILL') {
      this.run.kills++;
      event = this.run.recordEvent(
        describeKill({ kind: 'crash-point', point: exit.armedWith as SoakCrashPoint }),
        this.run.sinceStart(exit.at),
      );
      this.crashPointFired?.();
    } else {
      this.run.unplannedWorkerExits.push(`#${exit.number} (${String(exit.signalOrCode)})`);
      event = this.run.recordEvent(
        `worker #${exit.number} ended by itself (${String(exit.signalOrCode)}): started again`,
      );
    }
    await this.creditInFlight(event);
    // The worker supervisor starts the next one right after this.
    this.waitingForWorker.set(event, this.workers.workersStarted + 1);
  }

  /** Steps in flight when a worker died: each lost answer may be resent once (counted apart). */
  private async creditInFlight(event: SoakEventRecord): Promise<void> {
    const rows = await this.run.parts.db
      .selectFrom('outbound_documents')
      .select(['order_key', 'effect_id', 'kind', 'attempts'])
      .where('integration', '=', soakIntegration)
      .where('status', '=', 'sending')
      .execute();
    for (const row of rows) {
      const id = `${row.order_key}|${row.effect_id}|${row.attempts}`;
      if (this.credited.has(id)) continue;
      this.credited.add(id);
      this.run.killCredits.push({ orderKey: row.order_key, kind: row.kind });
    }
    event.inFlight = rows.map((row) => `${row.order_key} · ${row.kind}`);
    this.run.stepsInFlight.set(
      event,
      rows.map((row) => ({ orderKey: row.order_key, effectId: row.effect_id })),
    );
  }
}
