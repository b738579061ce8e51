import { Command } from 'commander';

/**
 * The `jakamo-so` command line. Each command lives in its own module and registers itself
 * here; this file only wires them together.
 */
export function buildProgram(): Command {
  const program = new Command('jakamo-so')
    .description('Jakamo Sales Order API → ERP pipeline on Temporal')
    .showHelpAfterError();
  return program;
}

if (
  require.main === module ||
  process.argv[1]?.endsWith('jakamo-so.cjs') ||
  process.argv[1]?.endsWith('jakamo-so')
) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    });
}
