import type { Command } from 'commander';
import { loadSettings, SettingsError } from '../../config/settings';
import { createLogger, knownSecrets } from '../../worker/logger';
import { startPipelineService } from '../../worker/pipeline-service';
import { installRuntime } from '../../worker/runtime';

/**
 * `jakamo-so worker`: the pipeline alone, for deployments where Temporal, Jakamo and the
 * database run elsewhere (docker-compose, a server). Logs JSON lines to stderr; with METRICS_ADDRESS,
 * serves Prometheus metrics on it.
 */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'Run only the worker and one intake per integration against TEMPORAL_ADDRESS, JAKAMO_SO_CONFIG or JAKAMO_BASE_URL, and DATABASE_URL',
    )
    .action(async () => {
      const settings = loadSettings();
      const { address } = settings.temporal;
      if (address === undefined || settings.integrations.length === 0) {
        throw new SettingsError(
          'jakamo-so worker runs against existing services: set TEMPORAL_ADDRESS, and JAKAMO_SO_CONFIG (a configuration file ' +
            'with the integrations, see docs/configuration.md) or JAKAMO_BASE_URL, JAKAMO_USERNAME and JAKAMO_PASSWORD ' +
            '(and DATABASE_URL for PostgreSQL). To run everything embedded, use `jakamo-so start`.',
        );
      }
      const logger = createLogger({ level: settings.logLevel, secrets: knownSecrets(settings) });
      installRuntime(logger, settings.metrics);
      const service = await startPipelineService(settings, address, settings.integrations, logger);
      logger.info(
        {
          temporal: address,
          integrations: settings.integrations.map(({ id, baseUrl }) => ({ id, jakamo: baseUrl })),
          metrics:
            settings.metrics.address === undefined ? 'off' : `http://${settings.metrics.address}/metrics`,
        },
        'Worker running',
      );
      const stop = () => void service.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await service.done;
    });
}
