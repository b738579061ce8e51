import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { Command } from 'commander';
import { loadSettings, type TemporalSettings } from '../../config/settings';
import { temporalBinaries } from '../../worker/temporal-binaries';

/**
 * `jakamo-so temporal …`: the bundled Temporal CLI (TEMPORAL_CLI_PATH, else the project's
 * `.tools/venv`) against the cluster the product is configured for, so an operator needs no
 * second set of connection settings. Every argument goes to the Temporal CLI as it is; its
 * output, input and exit code are the command's own.
 */
export function registerTemporalCommand(program: Command): void {
  program
    .command('temporal')
    .description(
      'Run the bundled Temporal CLI against the configured cluster (e.g. `temporal workflow list`)',
    )
    .addHelpText(
      'after',
      [
        '',
        'The Temporal CLI connects with TEMPORAL_ADDRESS (else the embedded dev server), TEMPORAL_NAMESPACE,',
        'TEMPORAL_API_KEY and TEMPORAL_TLS as the product does; your own --address, --namespace/-n, --api-key',
        "or --tls… win. `jakamo-so temporal --help` shows the Temporal CLI's own help.",
        '',
        'Examples:',
        '  jakamo-so temporal workflow list --query "NeedsAttention = true"',
        '  jakamo-so temporal workflow show --workflow-id order:demo:ACME-FI:PO-000001',
        '  jakamo-so temporal operator namespace describe',
      ].join('\n'),
    )
    .argument(
      '[args...]',
      'the Temporal CLI command and its flags (`jakamo-so temporal --help` shows its help)',
    )
    // Every option is the Temporal CLI's: once one is met, commander keeps it and all that follows
    // as they are, in order (no positional options on the program: `customer --sandbox` needs that).
    .helpOption(false)
    .allowUnknownOption()
    .action(async (args: string[]) => {
      process.exitCode = await runTemporalCli(args);
    });
}

/**
 * The connection settings of the Temporal CLI as its environment variables: it reads them only
 * when the same flag is not given (flag > environment > its config file), so an operator's own
 * `--address` or `--namespace` wins, and an API key never shows in the process list.
 */
export function temporalCliEnvironment(temporal: TemporalSettings): Record<string, string> {
  const environment: Record<string, string> = {
    // Without TEMPORAL_ADDRESS, the product runs (or `start` ran) the embedded dev server.
    TEMPORAL_ADDRESS: temporal.address ?? `127.0.0.1:${temporal.devServerPort}`,
    TEMPORAL_NAMESPACE: temporal.namespace,
  };
  if (temporal.tls) environment.TEMPORAL_TLS = 'true';
  if (temporal.apiKey !== undefined) environment.TEMPORAL_API_KEY = temporal.apiKey;
  return environment;
}

/** Runs the Temporal CLI with the arguments, stdio inherited; resolves to its exit code. */
export async function runTemporalCli(args: string[]): Promise<number> {
  const settings = loadSettings();
  const cli = temporalCliPath(settings.temporal.cliPath);
  const environment = { ...process.env, ...temporalCliEnvironment(settings.temporal) };
  // TEMPORAL_TLS=false from the product's environment means "no TLS", as it does for the product.
  if (!settings.temporal.tls) delete environment.TEMPORAL_TLS;
  const child = spawn(cli, args, { stdio: 'inherit', env: environment });
  // Ctrl-C reaches the Temporal CLI too (same terminal); wait for it to finish instead of dying first.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', (error) =>
        reject(new Error(`Cannot run the Temporal CLI ${cli}: ${error.message}`)),
      );
      child.once('exit', (code, signal) => resolve(code ?? 128 + signalNumber(signal)));
    });
  } finally {
    for (const signal of signals) process.off(signal, forward);
  }
}

function temporalCliPath(configured: string | undefined): string {
  if (configured === undefined) return temporalBinaries().cli;
  try {
    fs.accessSync(configured, fs.constants.X_OK);
    return configured;
  } catch {
    throw new Error(
      `TEMPORAL_CLI_PATH=${configured} is not an executable file: point it at the \`temporal\` binary, or unset it to use .tools/venv/bin/temporal`,
    );
  }
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return (signal === null ? undefined : numbers[signal]) ?? 1;
}
