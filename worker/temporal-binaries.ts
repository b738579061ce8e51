import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root';

const venvBin = path.join(projectRoot, '.tools', 'venv', 'bin');
const installScript = path.join(projectRoot, 'scripts', 'install-temporal-binaries.sh');

export interface TemporalBinaries {
  /** Absolute path of the `temporal` CLI (dev server with the Web UI). */
  cli: string;
  /** Absolute path of the time-skipping `temporal-test-server`. */
  testServer: string;
}

/**
 * Finds the Temporal binaries: TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH when given,
 * otherwise the project's virtualenv, installing it first if needed. The SDK wants absolute
 * paths for `existing-path` executables.
 */
export function temporalBinaries(
  overrides: { cliPath?: string | undefined; testServerPath?: string | undefined } = {},
): TemporalBinaries {
  const cli = overrides.cliPath ?? path.join(venvBin, 'temporal');
  const testServer = overrides.testServerPath ?? path.join(venvBin, 'temporal-test-server');
  if (!isExecutable(cli) || !isExecutable(testServer)) {
    const env = { ...process.env };
    if (overrides.cliPath) env.TEMPORAL_CLI_PATH = overrides.cliPath;
    if (overrides.testServerPath) env.TEMPORAL_TEST_SERVER_PATH = overrides.testServerPath;
    try {
      execFileSync('bash', [installScript], { stdio: ['ignore', 'inherit', 'inherit'], env });
    } catch {
      throw new Error('The Temporal binaries are not available (see the message above for what to do).');
    }
  }
  for (const binary of [cli, testServer]) {
    if (!isExecutable(binary)) throw new Error(`${binary} is not an executable file`);
  }
  return { cli: path.resolve(cli), testServer: path.resolve(testServer) };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
