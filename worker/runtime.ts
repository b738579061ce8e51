import { Runtime } from '@temporalio/worker';
import { SettingsError, type MetricsSettings } from '../config/settings';
import { temporalLogger, type Logger } from './logger';
import { metricsTelemetry } from './metrics';

/**
 * Installs the process's Temporal Runtime, once, before any connection or worker exists: the
 * SDK's logs (its own, the native core's, workflow and activity `log`) go to the product's JSON
 * logger, and with METRICS_ADDRESS the SDK serves Prometheus metrics — its own and the product's
 * (worker/metrics.ts) — on `http://{METRICS_ADDRESS}/metrics`.
 */
export function installRuntime(logger: Logger, metrics: MetricsSettings): void {
  const telemetry = metricsTelemetry(metrics.address);
  try {
    Runtime.install({
      logger: temporalLogger(logger),
      telemetryOptions: {
        // The native core's warnings and errors as JSON lines too, not in its own console format.
        logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } },
        ...telemetry,
      },
    });
  } catch (error) {
    if (metrics.address === undefined) throw error;
    throw new SettingsError(
      `The metrics endpoint cannot listen on METRICS_ADDRESS=${metrics.address} (${(error as Error).message}): ` +
        'choose a free port, or unset METRICS_ADDRESS',
    );
  }
}
