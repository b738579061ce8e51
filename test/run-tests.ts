/**
 * `npm test`: starts one Temporal dev server for the whole run (tests connect to it with
 * TestWorkflowEnvironment.createFromExistingServer), then runs every `test/**\/*.test.ts`
 * with node's test runner. Arguments narrow the run to files whose path contains them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevServer } from '../worker/dev-server';
import { projectRoot } from '../config/project-root';
import { temporalBinaries } from '../worker/temporal-binaries';
import { ensureUblSchemas } from '../ubl/installed-schemas';
import { withoutProductSettings } from './support/child-environment';
import { startThrowawayPostgres } from './support/postgres-server';
import { newTag, runTagVariable, stopTagged } from './support/started-processes';

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return testFiles(full);
      return entry.name.endsWith('.test.ts') ? [full] : [];
    })
    .sort();
}

/**
 * What the run has started, stopped last-started first however the run ends: at its end, on
 * Ctrl-C or a termination signal, and on an error nobody caught. Whatever the tests started and
 * left (a `jakamo-so start` of a test that failed or timed out, its dev server, a worker) carries
 * the run's tag and is stopped with it.
 */
const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | undefined;
function stopEverything(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`while stopping: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (cleaning === undefined) console.error(`\n${signal}: stopping the tests and what they started…`);
    void stopEverything().then(() => process.exit(128 + os.constants.signals[signal]));
  });
}
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    console.error(error);
    void stopEverything().then(() => process.exit(1));
  });
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const files = testFiles(path.join(projectRoot, 'test')).filter(
    (file) => filters.length === 0 || filters.some((filter) => file.includes(filter)),
  );
  if (files.length === 0) {
    console.error(`No test files match ${filters.join(' ')}`);
    return 1;
  }
  const binaries = temporalBinaries({
    cliPath: process.env.TEMPORAL_CLI_PATH,
    testServerPath: process.env.TEMPORAL_TEST_SERVER_PATH,
  });
  // The codec, sandbox and pipeline tests validate against the UBL 2.1 schemas (UBL_SCHEMA_DIR or .tools/).
  ensureUblSchemas(process.env.UBL_SCHEMA_DIR || undefined, { strict: true });
  const outputDir = path.join(projectRoot, '.test-output');
  fs.mkdirSync(outputDir, { recursive: true });
  const server = await startDevServer({
    cliPath: binaries.cli,
    port: 0,
    uiPort: 0,
    dbFile: undefined,
    namespace: 'default',
    logFile: path.join(outputDir, 'temporal-dev-server.log'),
  });
  cleanups.push(() => server.stop());
  console.log(`Temporal dev server for this run: ${server.address} (Web UI ${server.uiUrl})`);
  // PostgreSQL tests use TEST_POSTGRES_URL when given, else a throwaway cluster when the server is installed.
  let postgresUrl = process.env.TEST_POSTGRES_URL;
  if (postgresUrl === undefined) {
    const postgres = await startThrowawayPostgres();
    if (postgres !== undefined) cleanups.push(() => postgres.stop());
    postgresUrl = postgres?.url;
  }
  console.log(
    postgresUrl === undefined
      ? 'PostgreSQL: no server installed (apt-get install postgresql); the PostgreSQL tests will be skipped'
      : `PostgreSQL for this run: ${postgresUrl}`,
  );
  const runTag = newTag(runTagVariable);
  cleanups.push(async () => {
    const left = await stopTagged(runTag);
    if (left.length > 0) {
      console.error(
        `Stopped ${left.length} process(es) the tests had left running:\n` +
          left.map(({ pid, command }) => `  ${pid} ${command}`).join('\n'),
      );
    }
  });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
    {
      stdio: 'inherit',
      cwd: projectRoot,
      // The caller's product settings (CONFIRMATION_POLICY, JAKAMO_SO_CONFIG …) never reach a test.
      env: {
        ...withoutProductSettings(process.env),
        TEMPORAL_TEST_ADDRESS: server.address,
        TEMPORAL_TEST_UI_URL: server.uiUrl,
        TEMPORAL_TEST_SERVER_PATH: binaries.testServer,
        TEMPORAL_TEST_CLI_PATH: binaries.cli,
        [runTag.variable]: runTag.value,
        ...(postgresUrl === undefined ? {} : { TEST_POSTGRES_URL: postgresUrl }),
      },
    },
  );
  const code = await new Promise<number>((resolve) =>
    child.once('exit', (exitCode) => resolve(exitCode ?? 1)),
  );
  await stopEverything();
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    void stopEverything().then(() => process.exit(1));
  },
);
