import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { projectRoot } from '../../config/project-root';
import type { PipelineUnderTest } from './pipeline';
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

/** `jakamo-so …` against a test pipeline on the run's dev server, with `settings` on top of this process's environment. */
export function jakamoSoOn(
  pipeline: PipelineUnderTest,
  settings: Record<string, string>,
  ...args: string[]
): Promise<CliResult> {
  return runJakamoSo(args, {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: devServerAddress(),
      JAKAMO_INTEGRATION: pipeline.integration,
      ...settings,
    },
  });
}

/** A `jakamo-so start` child process, with what it has printed so far (stdout and stderr together). */
export interface QuickStart {
  child: ChildProcessByStdio<null, Readable, Readable>;
  output: () => string;
  /** Resolves with its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

/**
 * `jakamo-so start` (the quick start) as a child process on the data folder `dataDir`, with every
 * port it opens chosen free (so tests can run side by side) and `settings` on top.
 */
export function spawnQuickStart(
  dataDir: string,
  args: readonly string[],
  settings: Record<string, string>,
): QuickStart {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'jakamo-so.cjs'), 'start', ...args], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      TEMPORAL_DEV_SERVER_PORT: '0',
      TEMPORAL_UI_PORT: '0',
      SANDBOX_PORT: '0',
      ERP_API_PORT: '0',
      ...settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}
