import { settingVariables } from '../../config/settings';
import { runTagVariable, type ProcessTag } from './started-processes';

/**
 * The environment of a process a test starts. The caller's shell gives only where programs and
 * the home folder are; every product setting comes from the test, so a CONFIRMATION_POLICY,
 * ERP_API_TOKENS or JAKAMO_SO_CONFIG exported in the shell cannot change what a test sees.
 */

/** Taken from the shell: not settings of the product, but what any program needs to run. */
const fromTheShell = ['PATH', 'HOME', 'TMPDIR'];
/**
 * Settings that only say where the run's tools are: test/run-tests.ts starts its dev server and
 * checks the UBL schemas with them, and the processes of the run use the same.
 */
const toolLocations = ['TEMPORAL_CLI_PATH', 'UBL_SCHEMA_DIR'];

/**
 * Only `settings` (the product's), the shell's basics, the run's tool locations and its tag (so
 * that test/run-tests.ts finds whatever is left at the end), and `tag` when given.
 */
export function childEnvironment(settings: Record<string, string>, tag?: ProcessTag): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const name of [...fromTheShell, ...toolLocations, runTagVariable]) {
    const value = process.env[name];
    if (value !== undefined && value !== '') environment[name] = value;
  }
  if (tag !== undefined) environment[tag.variable] = tag.value;
  return { ...environment, ...settings };
}

/**
 * `environment` without any product setting but the tool locations: what test/run-tests.ts gives
 * the test runner, so that tests reading settings in-process, and processes started with the
 * runner's environment, see only what the tests set.
 */
export function withoutProductSettings(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const cleared = new Set(settingVariables.filter((name) => !toolLocations.includes(name)));
  return Object.fromEntries(Object.entries(environment).filter(([name]) => !cleared.has(name)));
}
