import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { soakCustomers } from './plan';

/** The one integration of the soak, in the sandbox and in the worker's configuration file. */
export const soakIntegration = 'soak';
const username = 'soak-supplier';

export interface SoakConfiguration {
  /** The sandbox's integrations (`jakamo-so sandbox --config`). */
  sandboxConfigFile: string;
  /** The worker's JAKAMO_SO_CONFIG: the integration and each lifecycle's customer terms. */
  workerConfigFile: string;
  /** The integration's password, for the worker's environment (the file names only the variable). */
  password: string;
}

/** Writes the sandbox's and the worker's configuration into the soak's folder. */
export function writeSoakConfiguration(dir: string, sandboxUrl: string): SoakConfiguration {
  const password = randomBytes(12).toString('hex');
  const sandboxConfigFile = path.join(dir, 'sandbox-integrations.json');
  fs.writeFileSync(
    sandboxConfigFile,
    JSON.stringify({
      integrations: [
        {
          id: soakIntegration,
          username,
          password,
          supplier: { partyId: 'SOAK-SUPPLIER', name: 'Soak Supplier Oy' },
          customers: Object.values(soakCustomers).map((partyId) => ({ partyId, name: `${partyId} Oy` })),
        },
      ],
    }),
  );
  const workerConfigFile = path.join(dir, 'worker-config.json');
  fs.writeFileSync(
    workerConfigFile,
    JSON.stringify({
      integrations: [
        {
          id: soakIntegration,
          baseUrl: sandboxUrl,
          username,
          password: { env: 'SOAK_JAKAMO_PASSWORD' },
          pollInterval: '200ms',
          httpTimeout: '20s',
        },
      ],
      customers: {
        [soakCustomers['order-response']]: { responseStyle: 'order-response' },
        [soakCustomers['erp-confirm-deliver']]: { confirmationPolicy: 'erp' },
      },
      defaults: { confirmationPolicy: 'auto', responseStyle: 'simple', sellerContactId: 'SELLER-1' },
    }),
  );
  return { sandboxConfigFile, workerConfigFile, password };
}

/** The environment of every worker of the soak: nothing the caller's environment holds may change what it runs. */
export function soakWorkerEnv(
  configuration: SoakConfiguration,
  where: { temporalAddress: string; databaseFile: string; dir: string },
): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: where.temporalAddress,
    TEMPORAL_TASK_QUEUE: 'jakamo-so-soak',
    JAKAMO_SO_CONFIG: configuration.workerConfigFile,
    SOAK_JAKAMO_PASSWORD: configuration.password,
    DATABASE_URL: where.databaseFile,
    DATA_DIR: where.dir,
    LOG_LEVEL: 'info',
    JAKAMO_BASE_URL: '',
    JAKAMO_USERNAME: '',
    JAKAMO_PASSWORD: '',
    JAKAMO_SO_TEST_CRASH_AT: '',
    ORDER_RESPONSE_CUSTOMERS: '',
    METRICS_ADDRESS: '',
  };
}
