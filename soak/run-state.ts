import type { Client, Connection } from '@temporalio/client';
import type { ConnectorDatabase } from '../db/database';
import type { SandboxControlClient, SandboxFaults } from '../sandbox';
import type { BadMessageFact, PlacedSoakOrder } from './checks';
import { soakIntegration } from './configuration';
import type { RunRecord } from './facts';
import type { SoakOptions } from './options';
import type { DevServerSlot, SandboxSlot } from './processes';
import { clock, type SoakEventRecord } from './report';

/**
 * What the loops of one soak share (placement, schedule, supervisor, monitors, ERP driver,
 * settling): its parts, its clock, and what was placed and what happened. One per run, handed to
 * each loop; a field is written by the loop its comment names and read by the others.
 */

/** The processes and connections the soak runs against, started and stopped by `runSoak`. */
export interface SoakParts {
  db: ConnectorDatabase;
  connection: Connection;
  client: Client;
  control: SandboxControlClient;
  sandbox: SandboxSlot;
  devServer: DevServerSlot;
}

/** A progress sample: Jakamo's counters, for the time to recover after each event. */
export interface Sample {
  t: number;
  acknowledged: number;
  documents: number;
}

/** A step recorded as sending when the worker died. */
export interface StepInFlight {
  orderKey: string;
  effectId: string;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Closed while the sandbox restarts: nobody calls it then. */
export class SandboxGate {
  private opened: Promise<void> = Promise.resolve();
  private restarting = false;

  get closed(): boolean {
    return this.restarting;
  }

  /** Resolves once the sandbox may be called. */
  passed(): Promise<void> {
    return this.opened;
  }

  async closedWhile(restart: () => Promise<void>): Promise<void> {
    let open: () => void = () => undefined;
    this.opened = new Promise<void>((resolve) => (open = resolve));
    this.restarting = true;
    try {
      await restart();
    } finally {
      this.restarting = false;
      open();
    }
  }
}

export class SoakRun {
  /** Placement: the orders placed, in order and by order key, and the bad messages enqueued. */
  readonly placed: PlacedSoakOrder[] = [];
  readonly byKey = new Map<string, PlacedSoakOrder>();
  readonly badMessages: BadMessageFact[] = [];
  /** Placement: messages put in Jakamo's queue, orders and bad messages alike. */
  enqueued = 0;
  placementDone = false;
  /** Supervisor: SIGKILLs of the worker (by the soak, or at an armed crash point). */
  kills = 0;
  /** Supervisor: steps in flight when a worker died; each lost answer may be resent once (counted apart). */
  readonly killCredits: RunRecord['killCredits'] = [];
  readonly stepsInFlight = new Map<SoakEventRecord, StepInFlight[]>();
  readonly unplannedWorkerExits: string[] = [];
  /** Supervisor and schedule: every disruption, in order. */
  readonly events: SoakEventRecord[] = [];
  /** Monitors: Jakamo's counters over time. */
  readonly samples: Sample[] = [];
  /** ERP driver: confirmations and deliveries sent, and calls that failed (and were repeated). */
  erpUpdates = 0;
  erpUpdateErrors = 0;
  /** Set once the pipeline settled (or the deadline passed): the background loops end. */
  finished = false;
  readonly sandboxGate = new SandboxGate();
  private readonly deadline: number;

  constructor(
    readonly options: SoakOptions,
    readonly parts: SoakParts,
    /** When the soak started (Date.now()). */
    private readonly startedAt: number,
  ) {
    this.deadline = startedAt + options.timeoutMs;
  }

  /** Milliseconds since the soak started. */
  now(): number {
    return Date.now() - this.startedAt;
  }

  /** A time (Date.now()) as milliseconds since the soak started. */
  sinceStart(time: number): number {
    return time - this.startedAt;
  }

  /** The deadline has passed, or the soak was stopped (Ctrl-C). */
  over(): boolean {
    return Date.now() > this.deadline || this.options.signal?.aborted === true;
  }

  log(line: string): void {
    this.options.log(line);
  }

  /** A progress line stamped with the soak's clock. */
  logAtNow(line: string): void {
    this.log(`[${clock(this.now())}] ${line}`);
  }

  recordEvent(what: string, startedAt = this.now()): SoakEventRecord {
    const event: SoakEventRecord = {
      number: this.events.length + 1,
      what,
      startedAt,
      backAt: undefined,
      resumedAt: undefined,
      inFlight: [],
      inFlightDoneAt: undefined,
      note: undefined,
    };
    this.events.push(event);
    this.logAtNow(`event ${event.number}: ${what}`);
    return event;
  }

  async setFaults(faults: Partial<SandboxFaults>): Promise<void> {
    await this.sandboxGate.passed();
    await this.parts.control.setFaults(soakIntegration, faults);
  }

  /** Runs `round` every `everyMs` until the run is finished. */
  async everyUntilFinished(everyMs: number, round: () => Promise<void> | void): Promise<void> {
    while (!this.finished) {
      await round();
      await sleep(everyMs);
    }
  }
}
