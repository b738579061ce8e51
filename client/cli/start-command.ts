import path from 'node:path';
import type { Command } from 'commander';
import type { JakamoIntegration } from '../../config/jakamo-integration';
import { Secret } from '../../config/secret';
import { loadSettings, type Settings } from '../../config/settings';
import { MessageArchive } from '../../db/message-archive';
import {
  demoIntegrations,
  startOrderGenerator,
  startSandbox,
  type OrderGenerator,
  type RunningSandbox,
} from '../../sandbox';
import { startDevServer, type RunningDevServer } from '../../worker/dev-server';
import { ApiTokens, embeddedToken, loadApiTokens } from '../erp-api/auth';
import { startErpApi } from '../erp-api/server';
import { createLogger, knownSecrets } from '../../worker/logger';
import { startPipelineService, type PipelineService } from '../../worker/pipeline-service';
import { installRuntime } from '../../worker/runtime';
import { temporalBinaries } from '../../worker/temporal-binaries';
import { ensureUblSchemas } from '../../ubl/installed-schemas';
import { formatCounts, readPipelineCounts } from './status-line';

/**
 * `jakamo-so start` (= `npm start`): the whole product on one machine. Whatever is not
 * configured runs embedded: the Temporal dev server (with the Web UI), the Jakamo sandbox
 * with two demo customers and an order generator, and SQLite under the data folder.
 */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'Run the pipeline; starts embedded Temporal, sandbox and SQLite for whatever is not configured',
    )
    .option('--no-generate', 'do not place demo orders in the embedded sandbox')
    .action(async (options: { generate: boolean }) => {
      const settings = loadSettings();
      // The UBL 2.1 schemas come with `npm install`; installed now if they are missing (a failure only warns).
      await runStart(
        { ...settings, ublSchemaDir: ensureUblSchemas(settings.ublSchemaDir) },
        options.generate,
      );
    });
}

/**
 * The ERP API's tokens: the configured ones, else the embedded default's own token (generated
 * once, kept in the data folder). `shown` is what the start prints about it; `secrets`, what the
 * logs must never show.
 */
function startTokens(settings: Settings): { tokens: ApiTokens; shown: string; secrets: string[] } {
  const { tokens, tokensFile } = settings.erpApi;
  if (tokens.length > 0 || tokensFile !== undefined) {
    return {
      tokens: loadApiTokens(settings.erpApi),
      shown: 'from ERP_API_TOKENS / ERP_API_TOKENS_FILE',
      secrets: [],
    };
  }
  const embedded = embeddedToken(settings.dataDir);
  return {
    tokens: new ApiTokens([embedded.token]),
    shown: embedded.created
      ? `${embedded.token}  (new: shown once, kept in ${embedded.file})`
      : `kept in ${embedded.file}`,
    secrets: [embedded.token],
  };
}

async function runStart(settings: Settings, generate: boolean): Promise<void> {
  // Before anything starts: an unusable token file stops the start at once.
  const apiTokens = startTokens(settings);
  const logFile = path.join(settings.dataDir, 'jakamo-so.log');
  const sandboxPasswords =
    settings.embeddedSandbox === undefined ? [] : demoIntegrations().map((demo) => demo.password);
  const logger = createLogger({
    level: settings.logLevel,
    file: logFile,
    secrets: knownSecrets(settings, [...apiTokens.secrets, ...sandboxPasswords]),
  });
  installRuntime(logger, settings.metrics);
  const out = (line: string) => process.stdout.write(`${line}\n`);

  const cleanups: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    out('\nStopping…');
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error(`while stopping: ${(error as Error).message}`));
    }
    out('Stopped.');
  };
  const stopped = new Promise<void>((resolve) => {
    const onSignal = () => void shutdown().then(resolve);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });

  try {
    let temporalAddress = settings.temporal.address;
    let devServer: RunningDevServer | undefined;
    if (temporalAddress === undefined) {
      const { cli } = temporalBinaries({ cliPath: settings.temporal.cliPath });
      out('Starting the Temporal dev server…');
      devServer = await startDevServer({
        cliPath: cli,
        port: settings.temporal.devServerPort,
        uiPort: settings.temporal.uiPort,
        dbFile: path.join(settings.dataDir, 'temporal.sqlite'),
        namespace: settings.temporal.namespace,
        logFile: path.join(settings.dataDir, 'temporal-dev-server.log'),
      });
      const server = devServer;
      cleanups.push(() => server.stop());
      temporalAddress = devServer.address;
    }

    let jakamo: readonly JakamoIntegration[] = settings.integrations;
    let sandbox: RunningSandbox | undefined;
    let generator: OrderGenerator | undefined;
    const embedded = settings.embeddedSandbox;
    if (embedded !== undefined) {
      const [template] = demoIntegrations();
      if (template === undefined) throw new Error('the sandbox has no demo integration');
      // The embedded queue carries JAKAMO_INTEGRATION's name, so the operator commands find it.
      const demo = { ...template, id: embedded.id };
      sandbox = await startSandbox({
        port: settings.sandboxPort,
        integrations: [demo],
        stateFile: path.join(settings.dataDir, 'sandbox-state.json'),
        logLevel: 'silent',
      });
      const running = sandbox;
      cleanups.push(() => running.close());
      jakamo = [
        {
          ...embedded,
          baseUrl: sandbox.baseUrl,
          username: new Secret('embedded sandbox', demo.username),
          password: new Secret('embedded sandbox', demo.password),
        },
      ];
      if (generate) {
        generator = startOrderGenerator({
          baseUrl: sandbox.baseUrl,
          integrationId: demo.id,
          customerPartyIds: demo.customers.map((customer) => customer.partyId),
          everyMs: settings.demoOrderIntervalMs,
          seed: Date.now() % 1_000_000,
          onError: (error) => logger.warn({ err: error }, 'Order generator could not place an order'),
        });
        const running = generator;
        cleanups.push(() => running.stop());
      }
    }

    const service: PipelineService = await startPipelineService(settings, temporalAddress, jakamo, logger);
    // The worker stops before the services it talks to.
    cleanups.push(() => service.stop());
    service.done.catch((error: unknown) => {
      console.error(`The worker failed: ${(error as Error).message}`);
      void shutdown();
    });

    const api = await startErpApi({
      client: service.client,
      db: service.db,
      integration: service.integration,
      intakeWorkflowId: service.intakeWorkflowId,
      tokens: apiTokens.tokens,
      logger,
      host: settings.erpApi.host,
      port: settings.erpApi.port,
    });
    // The API stops before the worker and the connections it uses.
    cleanups.push(() => api.close());

    out('');
    out('Jakamo SO pipeline is running.');
    out(`  Temporal:    ${temporalAddress}${devServer ? ' (embedded dev server)' : ''}`);
    if (devServer)
      out(`  Web UI:      ${devServer.uiUrl}/namespaces/${settings.temporal.namespace}/workflows`);
    for (const integration of jakamo) {
      out(
        `  Jakamo:      ${integration.baseUrl}${sandbox ? ' (embedded sandbox, demo customers ACME-FI and NORDIC-SE)' : ` (integration ${integration.id})`}`,
      );
    }
    if (generator) out(`  Demo orders: one every ${settings.demoOrderIntervalMs} ms`);
    out(
      `  Database:    ${settings.database.kind === 'sqlite' ? settings.database.file : 'PostgreSQL (DATABASE_URL)'}`,
    );
    out(`  ERP API:     ${api.url}  (description: ${api.url}/docs)`);
    out(`  API token:   ${apiTokens.shown}`);
    out(`  Logs:        ${logFile}`);
    if (settings.metrics.address !== undefined)
      out(`  Metrics:     http://${settings.metrics.address}/metrics`);
    out('  Ctrl-C stops everything.');
    out('');

    const archive = new MessageArchive(service.db);
    const interactive = process.stdout.isTTY === true;
    let lastLine = '';
    const timer = setInterval(() => {
      if (stopping) return;
      readPipelineCounts(service.db, archive, service.client, service.integration).then(
        (counts) => {
          const line = formatCounts(counts);
          if (interactive) process.stdout.write(`\r\x1b[2K${line}`);
          else if (line !== lastLine) out(line);
          lastLine = line;
        },
        (error: unknown) => logger.warn({ err: error }, 'Could not read the pipeline counts'),
      );
    }, 1000);
    cleanups.push(() => Promise.resolve(clearInterval(timer)));
  } catch (error) {
    await shutdown();
    throw error;
  }
  await stopped;
}
