import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root';

/**
 * `jakamo-so worker` as a child process — the real deployment command — so that a test can
 * SIGKILL it mid-step and start it again, as an operator's process manager would.
 */
export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the exit signal or code when the process ends. */
  exited: Promise<NodeJS.Signals | number | null>;
  kill(): Promise<void>;
}

export function startWorkerProcess(env: Record<string, string>, logFile: string): WorkerProcess {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'jakamo-so.cjs'), 'worker'], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return {
    child,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** SIGTERM (the worker finishes what runs and flushes its logs), SIGKILL if it has not ended in time. */
export async function stopGracefully(worker: WorkerProcess, graceMs = 30_000): Promise<void> {
  const { child } = worker;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => void worker.kill(), graceMs);
  await worker.exited;
  clearTimeout(timer);
}
