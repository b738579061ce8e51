import { Command } from 'commander';
import { registerSandboxCommand } from '../../sandbox/cli';
import { registerValidateCommand } from '../../ubl/validate-command';
import { registerApiCommand } from './api-command';
import { registerConfigCommands } from './config-command';
import { registerCustomerCommands } from './customer-commands';
import { registerOperatorCommands } from './operator-commands';
import { registerStartCommand } from './start-command';
import { registerTemporalCommand } from './temporal-command';
import { registerWorkerCommand } from './worker-command';

/**
 * The `jakamo-so` command line. Each command lives in its own module and registers itself
 * here; this file only wires them together.
 */
export function buildProgram(): Command {
  const program = new Command('jakamo-so').description('Jakamo Sales Order API → ERP pipeline on Temporal');
  registerStartCommand(program);
  registerWorkerCommand(program);
  registerApiCommand(program);
  registerSandboxCommand(program);
  registerValidateCommand(program);
  registerOperatorCommands(program);
  registerCustomerCommands(program);
  registerConfigCommands(program);
  registerTemporalCommand(program);
  return program;
}

/** Runs the command line; errors end the process with a one-line message and exit code 1. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

if (require.main === module) void runCli(process.argv);
