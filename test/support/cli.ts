import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { TestContext } from 'node:test';
import { projectRoot } from '../../config/project-root';
import { childEnvironment } from './child-environment';
import type { PipelineUnderTest } from './pipeline';
import {
  newTag,
  processesTagged,
  spawnTagVariable,
  stopTagged,
  type TaggedProcess,
} from './started-processes';
import { devServerAddress } from './temporal';

/** What a finished `jakamo-so` command left: its exit code and everything it printed. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `jakamo-so …` as a child process, as an operator runs it, with exactly the environment given
 * (the command reads its settings from there) and, if given, its working folder.
 */
export function runJakamoSo(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(projectRoot, 'bin', 'jakamo-so.cjs'), ...args],
      options,
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `jakamo-so …` against a test pipeline on the run's dev server, with `settings` and nothing from the caller's shell. */
export function jakamoSoOn(
  pipeline: PipelineUnderTest,
  settings: Record<string, string>,
  ...args: string[]
): Promise<CliResult> {
  return runJakamoSo(args, {
    env: childEnvironment({
      TEMPORAL_ADDRESS: devServerAddress(),
      JAKAMO_INTEGRATION: pipeline.integration,
      ...settings,
    }),
  });
}

/** A `jakamo-so start` child process, with what it has printed so far (stdout and stderr together). */
export interface QuickStart {
  child: ChildProcessByStdio<null, Readable, Readable>;
  output: () => string;
  /** Resolves with its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** The processes of this start still running: the launcher, the command it runs, its dev server. */
  processes: () => TaggedProcess[];
  /**
   * Kills every process of this start, however far it got and whether or not their parents are
   * still there, and resolves once none is left. Runs after the test by itself, whatever its end.
   */
  stopAll: () => Promise<void>;
}

/**
 * `jakamo-so start` (the quick start) as a child process on the data folder `dataDir`, with every
 * port it opens chosen free (so tests can run side by side), `settings` on top and nothing from
 * the caller's shell. The start relaunches itself in a session of its own and starts the dev
 * server there, out of reach of a signal to the child: its processes are found by a tag in their
 * environment instead, and stopped after the test `t`.
 */
export function spawnQuickStart(
  t: TestContext,
  dataDir: string,
  args: readonly string[],
  settings: Record<string, string>,
): QuickStart {
  const tag = newTag(spawnTagVariable);
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'jakamo-so.cjs'), 'start', ...args], {
    cwd: projectRoot,
    env: childEnvironment(
      {
        DATA_DIR: dataDir,
        TEMPORAL_DEV_SERVER_PORT: '0',
        TEMPORAL_UI_PORT: '0',
        SANDBOX_PORT: '0',
        ERP_API_PORT: '0',
        ...settings,
      },
      tag,
    ),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stopAll = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await stopTagged(tag);
    await exited;
  };
  t.after(stopAll);
  return { child, output: () => output, exited, processes: () => processesTagged(tag), stopAll };
}
