import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { SandboxFaults } from '../sandbox';
import { startDevServer, type RunningDevServer } from '../worker/dev-server';
import { projectRoot } from '../config/project-root';
import { startWorkerProcess, type WorkerProcess } from '../harness/worker-process';

/**
 * The soak's own processes, each a child process on 127.0.0.1 and files in the soak's folder, so
 * that each can be stopped and started again on its own files: the Temporal dev server (SQLite
 * file), the Jakamo sandbox (`jakamo-so sandbox --state-file`) and `jakamo-so worker`.
 */

export interface DevServerSlot {
  address: string;
  uiUrl: string;
  /** Stops the server (SIGTERM) and starts it again on the same file and ports; resolves when it answers. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSoakDevServer(options: {
  cliPath: string;
  port: number;
  uiPort: number;
  dbFile: string;
  logFile: string;
}): Promise<DevServerSlot> {
  const start = () =>
    startDevServer({
      cliPath: options.cliPath,
      port: options.port,
      uiPort: options.uiPort,
      dbFile: options.dbFile,
      namespace: 'default',
      logFile: options.logFile,
    });
  let server: RunningDevServer | undefined = await start();
  const { address, uiUrl } = server;
  return {
    address,
    uiUrl,
    async restart() {
      await server?.stop();
      server = undefined;
      server = await start();
    },
    async stop() {
      await server?.stop();
      server = undefined;
    },
  };
}

export interface SandboxSlot {
  baseUrl: string;
  /** Stops the sandbox (SIGTERM: it writes its state file) and starts it again on the same file and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

interface RunningChild {
  child: ChildProcess;
  exited: Promise<number | NodeJS.Signals | null>;
}

/** `jakamo-so sandbox` as a child process, with its integrations file, state file and starting faults. */
export async function startSoakSandbox(options: {
  port: number;
  configFile: string;
  stateFile: string;
  faults: Partial<SandboxFaults>;
  logFile: string;
}): Promise<SandboxSlot> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const start = async (): Promise<RunningChild> => {
    const log = fs.openSync(options.logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        path.join(projectRoot, 'bin', 'jakamo-so.cjs'),
        'sandbox',
        '--port',
        String(options.port),
        '--config',
        options.configFile,
        '--state-file',
        options.stateFile,
        '--faults',
        JSON.stringify(options.faults),
        '--log-level',
        'warn',
      ],
      { cwd: projectRoot, stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? code)),
    );
    let ended: number | NodeJS.Signals | null | undefined;
    void exited.then((value) => (ended = value));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (ended !== undefined)
        throw new Error(`the sandbox exited (${String(ended)}) before it answered; see ${options.logFile}`);
      try {
        const response = await fetch(`${baseUrl}/control/health`);
        if (response.ok) return { child, exited };
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the sandbox did not answer on ${baseUrl} within 60 s; see ${options.logFile}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const stop = async (running: RunningChild) => {
    if (running.child.exitCode !== null || running.child.signalCode !== null) return;
    running.child.kill('SIGTERM');
    const timer = setTimeout(() => running.child.kill('SIGKILL'), 20_000);
    await running.exited;
    clearTimeout(timer);
  };
  let running: RunningChild | undefined = await start();
  return {
    baseUrl,
    async restart() {
      if (running !== undefined) await stop(running);
      running = undefined;
      running = await start();
    },
    async stop() {
      if (running !== undefined) await stop(running);
      running = undefined;
    },
  };
}

/** How one worker process ended. */
export interface WorkerExit {
  number: number;
  /** The crash point it was started with, if any. */
  armedWith: string | undefined;
  /** SIGKILL sent by the soak. */
  killedBySoak: boolean;
  signalOrCode: NodeJS.Signals | number | null;
  at: number;
}

/**
 * Keeps one `jakamo-so worker` running, as a process manager would: the soak kills it (SIGKILL)
 * and the supervisor starts the next one, armed with a crash point when asked; a worker that
 * ends by itself (its crash point fired, or anything else) is reported and replaced.
 */
export class WorkerSupervisor {
  private current:
    { process: WorkerProcess; number: number; armedWith: string | undefined; killed: boolean } | undefined;
  private started = 0;
  private stopping = false;

  constructor(
    private readonly env: Record<string, string>,
    /** Each worker writes `worker-<n>.log` here. */
    private readonly logDir: string,
    /** Called when a worker ended without the soak killing it, before the next one is started. */
    private readonly onOwnExit: (exit: WorkerExit) => Promise<void>,
  ) {}

  get workersStarted(): number {
    return this.started;
  }

  /** The log of the n-th worker started (1-based). */
  logFileOf(number: number): string {
    return path.join(this.logDir, `worker-${number}.log`);
  }

  /** Starts the next worker (armed with a crash point if asked); returns its number. */
  start(armWith?: string): number {
    this.started += 1;
    const number = this.started;
    const env = { ...this.env, ...(armWith === undefined ? {} : { JAKAMO_SO_TEST_CRASH_AT: armWith }) };
    const process = startWorkerProcess(env, this.logFileOf(number));
    const entry = { process, number, armedWith: armWith, killed: false };
    this.current = entry;
    void process.exited.then(async (signalOrCode) => {
      if (entry.killed || this.stopping) return;
      if (this.current === entry) this.current = undefined;
      const exit: WorkerExit = {
        number,
        armedWith: armWith,
        killedBySoak: false,
        signalOrCode,
        at: Date.now(),
      };
      // Told first (while no worker runs, what was in flight stays as the dead one left it), then replaced by a plain one.
      await this.onOwnExit(exit).catch(() => undefined);
      if (!this.stopping) this.start();
    });
    return number;
  }

  /** SIGKILLs the running worker without starting another (the caller starts it). */
  async kill(): Promise<WorkerExit | undefined> {
    const entry = this.current;
    if (entry === undefined) return undefined;
    entry.killed = true;
    this.current = undefined;
    await entry.process.kill();
    return {
      number: entry.number,
      armedWith: entry.armedWith,
      killedBySoak: true,
      signalOrCode: await entry.process.exited,
      at: Date.now(),
    };
  }

  /** SIGTERM (the worker finishes what runs), SIGKILL after the grace period. */
  async stop(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    const entry = this.current;
    this.current = undefined;
    if (entry === undefined) return;
    const { child } = entry.process;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => void entry.process.kill(), graceMs);
    await entry.process.exited;
    clearTimeout(timer);
  }
}
