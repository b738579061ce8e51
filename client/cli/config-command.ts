import type { Command } from 'commander';
import { effectiveConfiguration, formatEffectiveConfiguration } from '../../config/effective-config';
import { loadSettings } from '../../config/settings';

/**
 * `jakamo-so config check`: validates the configuration (environment variables and the file in
 * JAKAMO_SO_CONFIG) as a start would, and prints what is in effect — secrets only by where they
 * come from. An invalid configuration ends with exit code 1 and the key at fault.
 */
export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('Look at the configuration');
  config
    .command('check')
    .description(
      'Validate the configuration and print it in effect, without secret values (exit 1 on errors)',
    )
    .option('--json', 'print it as JSON')
    .action((options: { json?: boolean }) => {
      const effective = effectiveConfiguration(loadSettings());
      const text = options.json
        ? JSON.stringify(effective, null, 2)
        : formatEffectiveConfiguration(effective).join('\n');
      process.stdout.write(`${text}\n`);
    });
}
