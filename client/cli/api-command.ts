import { Client, Connection } from '@temporalio/client';
import type { Command } from 'commander';
import { loadSettings } from '../../config/settings';
import { openDatabase } from '../../db/database';
import { intakeWorkflowId } from '../../domain/order-key';
import { createLogger, knownSecrets } from '../../worker/logger';
import { loadApiTokens } from '../erp-api/auth';
import { startErpApi } from '../erp-api/server';

/**
 * `jakamo-so api`: the ERP HTTP API on its own, against TEMPORAL_ADDRESS (or the dev server of
 * a running `jakamo-so start`) and DATABASE_URL, for the integration JAKAMO_INTEGRATION. It
 * refuses to start without a token; it starts while Temporal is down and answers 503 until
 * Temporal is back. Logs JSON lines to stderr.
 */
export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description(
      'Run the ERP HTTP API on ERP_API_HOST:ERP_API_PORT (tokens from ERP_API_TOKENS or ERP_API_TOKENS_FILE)',
    )
    .action(async () => {
      const settings = loadSettings();
      const tokens = loadApiTokens(settings.erpApi);
      const logger = createLogger({ level: settings.logLevel, secrets: knownSecrets(settings) });
      const address = settings.temporal.address ?? `127.0.0.1:${settings.temporal.devServerPort}`;
      // Lazy: the API answers 503 while Temporal cannot be reached, instead of not starting.
      const connection = Connection.lazy({
        address,
        tls: settings.temporal.tls ? {} : undefined,
        ...(settings.temporal.apiKey === undefined ? {} : { apiKey: settings.temporal.apiKey }),
      });
      const client = new Client({ connection, namespace: settings.temporal.namespace });
      const db = openDatabase(settings.database);
      const integration = settings.selectedIntegration;
      const api = await startErpApi({
        client,
        db,
        integration,
        intakeWorkflowId: intakeWorkflowId(integration),
        tokens,
        logger,
        host: settings.erpApi.host,
        port: settings.erpApi.port,
      }).catch(async (error: unknown) => {
        await connection.close();
        await db.destroy();
        throw error;
      });
      logger.info({ url: api.url, integration, temporal: address, tokens: tokens.count }, 'ERP API running');
      console.log(`ERP API for integration ${integration}: ${api.url} (description: ${api.url}/docs)`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await api.close();
      await connection.close();
      await db.destroy();
    });
}
