/**
 * `npm test`: starts one Temporal dev server for the whole run (tests connect to it with
 * TestWorkflowEnvironment.createFromExistingServer), then runs every `test/**\/*.test.ts`
 * with node's test runner. Arguments narrow the run to files whose path contains them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startDevServer } from '../worker/dev-server';
import { projectRoot } from '../config/project-root';
import { temporalBinaries } from '../worker/temporal-binaries';
import { ensureUblSchemas } from '../ubl/installed-schemas';
import { startThrowawayPostgres, type RunningPostgres } from './support/postgres-server';

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
  console.log(`Temporal dev server for this run: ${server.address} (Web UI ${server.uiUrl})`);
  // PostgreSQL tests use TEST_POSTGRES_URL when given, else a throwaway cluster when the server is installed.
  let postgres: RunningPostgres | undefined;
  let postgresUrl = process.env.TEST_POSTGRES_URL;
  if (postgresUrl === undefined) {
    postgres = await startThrowawayPostgres();
    postgresUrl = postgres?.url;
  }
  console.log(
    postgresUrl === undefined
      ? 'PostgreSQL: no server installed (apt-get install postgresql); the PostgreSQL tests will be skipped'
      : `PostgreSQL for this run: ${postgresUrl}`,
  );
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
      {
        stdio: 'inherit',
        cwd: projectRoot,
        env: {
          ...process.env,
          TEMPORAL_TEST_ADDRESS: server.address,
          TEMPORAL_TEST_UI_URL: server.uiUrl,
          TEMPORAL_TEST_SERVER_PATH: binaries.testServer,
          TEMPORAL_TEST_CLI_PATH: binaries.cli,
          ...(postgresUrl === undefined ? {} : { TEST_POSTGRES_URL: postgresUrl }),
        },
      },
    );
    return await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  } finally {
    postgres?.stop();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
