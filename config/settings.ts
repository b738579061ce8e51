import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import {
  confirmationPolicies,
  type ConfirmationPolicy,
  type ResponseStyle,
} from '../domain/confirmation-policy';
import { inboundValidationModes, type InboundValidationMode } from '../domain/inbound-validation';
import { holdsUblSchemas, installedUblSchemaDir } from '../ubl/installed-schemas';
import { ConfigFileError, loadConfigFile, type ConfigFile } from './config-file';
import type { CustomerTerms } from './customer-terms';
import type { EmbeddedSandboxIntegration, IntegrationTimings, JakamoIntegration } from './jakamo-integration';
import { Secret } from './secret';
import { integrationIdMessage, integrationIdPattern, parseDuration } from './values';

/**
 * Every setting the product reads, parsed and validated once at start-up. Nothing else in
 * the code base reads `process.env`: pass the typed `Settings` (or the part of it a piece
 * needs) down instead.
 */

export { parseDuration };

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const optionalText = z
  .string()
  .optional()
  .transform((text) => (text === undefined || text.trim() === '' ? undefined : text.trim()));
/** A whole number at least `min` (unset or empty: the fallback); the message names what is expected. */
const count = <Fallback extends number | undefined>(fallback: Fallback, min: number, meaning: string) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      const trimmed = text?.trim() ?? '';
      if (trimmed === '') return fallback;
      if (!/^\d+$/.test(trimmed) || Number(trimmed) < min) {
        ctx.addIssue({ code: 'custom', message: `"${trimmed}" is not ${meaning}` });
        return z.NEVER;
      }
      return Number(trimmed);
    });
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((text) => text === 'true' || text === '1' || text === 'yes');

/**
 * How big the worker may grow (WORKER_MAX_*). The workflow cache holds each order workflow that
 * ran recently in memory; order workflows stay open for their whole life, so without a bound the
 * worker's memory grows with the number of open orders (the SDK's own default is sized from the
 * heap: about 2,300 workflows on a 4 GB heap). An order evicted from the cache is rebuilt from its
 * history when it next has work. See docs/performance.md for the measurements behind the defaults.
 */
export const workerSizingDefaults = {
  maxCachedWorkflows: 100,
  /** The SDK's default. */
  maxConcurrentWorkflowTasks: 40,
  /** The SDK's default. */
  maxConcurrentActivities: 100,
  /** Order workflows the intake hands messages to at once (one message at a time per order). */
  maxConcurrentHandOffs: 8,
} as const;

const environmentSchema = z.object({
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TLS: flag,
  TEMPORAL_TASK_QUEUE: z.string().default('jakamo-so'),
  TEMPORAL_CLI_PATH: optionalText,
  TEMPORAL_DEV_SERVER_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),

  JAKAMO_BASE_URL: optionalText.pipe(
    z.url({ message: 'JAKAMO_BASE_URL must be a URL such as https://demo.thejakamo.com' }).optional(),
  ),
  JAKAMO_USERNAME: optionalText,
  JAKAMO_PASSWORD: optionalText,
  JAKAMO_INTEGRATION: z
    .string()
    .regex(integrationIdPattern, `JAKAMO_INTEGRATION ${integrationIdMessage}`)
    .optional(),
  JAKAMO_POLL_INTERVAL: duration('10s'),
  JAKAMO_DRAIN_BUDGET: duration('60s'),
  JAKAMO_DRAIN_LINGER: duration('0s'),
  JAKAMO_HTTP_TIMEOUT: duration('30s'),

  DATABASE_URL: optionalText,

  CONFIRMATION_POLICY: z.enum(confirmationPolicies).default('auto'),
  ORDER_RESPONSE_CUSTOMERS: optionalText,
  JAKAMO_SELLER_CONTACT: optionalText,
  ORDER_QUIET_PERIOD: duration('30d'),
  JAKAMO_SO_TEST_CRASH_AT: optionalText,
  UBL_SCHEMA_DIR: optionalText,
  UBL_INBOUND_VALIDATION: z.enum(inboundValidationModes).default('warn'),

  SANDBOX_PORT: port(8090),
  DEMO_ORDER_INTERVAL: duration('3s'),

  ERP_API_HOST: z.string().trim().min(1).default('127.0.0.1'),
  ERP_API_PORT: port(8091),
  ERP_API_TOKENS: optionalText,
  ERP_API_TOKENS_FILE: optionalText,

  METRICS_ADDRESS: optionalText.transform((text, ctx) => {
    if (text === undefined || text === 'off') return undefined;
    const problem = metricsAddressProblem(text);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return text;
  }),
  METRICS_REFRESH_INTERVAL: duration('15s').pipe(
    z.number().min(1000, 'METRICS_REFRESH_INTERVAL must be at least 1s (each refresh queries Temporal)'),
  ),

  WORKER_MAX_CACHED_WORKFLOWS: count(
    workerSizingDefaults.maxCachedWorkflows,
    0,
    'a number of workflows: 0 (no cache) or at least 2, for example 100',
  ),
  // Unset: the SDK's 40, or the cache when that is smaller (see workerSizing).
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: count(
    undefined,
    2,
    'a number of workflow tasks of at least 2, for example 40',
  ),
  WORKER_MAX_CONCURRENT_ACTIVITIES: count(
    workerSizingDefaults.maxConcurrentActivities,
    1,
    'a number of activities of at least 1, for example 100',
  ),
  // Read by bin/worker-heap.cjs, which starts the worker with them; checked here with the rest.
  WORKER_MAX_OLD_SPACE_SIZE: count(
    undefined,
    0,
    "a whole number of MiB (for example 192, or 0 for Node's default)",
  ),
  WORKER_MAX_SEMI_SPACE_SIZE: count(
    undefined,
    0,
    "a whole number of MiB (for example 4, or 0 for Node's default)",
  ),
  WORKER_MAX_CONCURRENT_HAND_OFFS: count(
    workerSizingDefaults.maxConcurrentHandOffs,
    1,
    'a number of hand-offs of at least 1, for example 8',
  ),

  JAKAMO_SO_CONFIG: optionalText,
});

/** Every environment variable the product reads a setting from (so a test can clear them all). */
export const settingVariables: readonly string[] = Object.keys(environmentSchema.shape);

/**
 * The Prometheus endpoint binds an IP address and a port (the SDK's exporter takes a socket
 * address: no host names). Undefined when the address is usable, else what is wrong with it.
 */
function metricsAddressProblem(text: string): string | undefined {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(text);
  const host = match?.[1]?.replace(/^\[(.*)\]$/, '$1');
  const portNumber = Number(match?.[2]);
  if (match === null || host === undefined || net.isIP(host) === 0) {
    return `"${text}" is not an IP address and port: use for example 127.0.0.1:9464 (this host only), 0.0.0.0:9464 (every interface) or [::1]:9464`;
  }
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
    return `"${text}": the port must be between 1 and 65535`;
  }
  return undefined;
}

export interface TemporalSettings {
  /** Undefined: start the embedded dev server. */
  address: string | undefined;
  namespace: string;
  apiKey: string | undefined;
  tls: boolean;
  taskQueue: string;
  cliPath: string | undefined;
  devServerPort: number;
  uiPort: number;
}

export interface Settings {
  /** JAKAMO_SO_CONFIG, resolved; undefined when everything comes from the environment. */
  configFile: string | undefined;
  /**
   * Every integration the worker serves, each with its own intake: the configuration file's, or the
   * one JAKAMO_BASE_URL names. Empty when neither is given (the embedded sandbox, see `embeddedSandbox`).
   */
  integrations: JakamoIntegration[];
  /**
   * The id of the integration single-integration commands work on (operator commands, the ERP API's
   * intake health): JAKAMO_INTEGRATION, else the first of `integrations`, else the embedded sandbox's.
   */
  selectedIntegration: string;
  /**
   * With no integration configured, the one `jakamo-so start` runs the embedded sandbox as
   * (JAKAMO_INTEGRATION, else "demo"); undefined when `integrations` has any.
   */
  embeddedSandbox: EmbeddedSandboxIntegration | undefined;
  dataDir: string;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  temporal: TemporalSettings;
  /** `postgres://…` for PostgreSQL, otherwise the SQLite file path. */
  database: { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string };
  /** How orders are confirmed and followed (DESIGN.md 4.2). */
  orders: OrderLifecycleSettings;
  /**
   * Folder with the OASIS UBL 2.1 `xsdrt` schemas (holding `common/` and `maindoc/`): UBL_SCHEMA_DIR,
   * else the ones `scripts/install-ubl-schemas.sh` installed under `.tools/`; undefined when neither.
   */
  ublSchemaDir: string | undefined;
  /** What the intake does with an inbound UBL document that fails XSD validation. */
  ublInboundValidation: InboundValidationMode;
  /**
   * JAKAMO_DRAIN_LINGER: how long a drain keeps watching an empty queue (a GET every 250 ms) before
   * it ends and the intake sleeps its poll interval; 0: it ends at once.
   */
  drainLingerMs: number;
  sandboxPort: number;
  demoOrderIntervalMs: number;
  /** The ERP HTTP API (`jakamo-so api`, also run by `jakamo-so start`). */
  erpApi: ErpApiSettings;
  /** The worker's Prometheus endpoint (SDK and product metrics, see docs/operations.md). */
  metrics: MetricsSettings;
  /** How much the worker holds and runs at once (workflow cache, task slots). */
  worker: WorkerSizingSettings;
}

/** WORKER_MAX_*: the worker's workflow cache and how many tasks it runs at once. */
export interface WorkerSizingSettings {
  /** Workflows kept in memory between their tasks (0: none, every task replays its history). */
  maxCachedWorkflows: number;
  /** Workflow tasks run at once (at most maxCachedWorkflows when there is a cache). */
  maxConcurrentWorkflowTasks: number;
  /** Activities run at once (the intake's drain holds one slot per integration while it runs). */
  maxConcurrentActivities: number;
  /** Messages the intake hands to different order workflows at once (signal-with-start calls in flight). */
  maxConcurrentHandOffs: number;
}

export interface MetricsSettings {
  /** METRICS_ADDRESS: `ip:port` the worker serves `/metrics` on; undefined: no endpoint. */
  address: string | undefined;
  /** How often the worker refreshes the gauges read from Temporal's visibility (orders by status, attention). */
  refreshIntervalMs: number;
}

export interface ErpApiSettings {
  host: string;
  port: number;
  /** Bearer tokens from ERP_API_TOKENS (comma-separated) or the configuration file's `erpApi.tokens`. */
  tokens: string[];
  /** Where `tokens` came from, for `config check` (never the values). */
  tokensSource: string | undefined;
  /** ERP_API_TOKENS_FILE: a file with one token a line (read by client/erp-api/auth.ts). */
  tokensFile: string | undefined;
}

export interface OrderLifecycleSettings {
  confirmationPolicy: ConfirmationPolicy;
  /** Buyer party ids confirmed with an OrderResponse instead of a simple confirmation. */
  orderResponseCustomers: string[];
  /** How customers not named anywhere are confirmed (the configuration file's `defaults.responseStyle`). */
  defaultResponseStyle: ResponseStyle;
  /** Per-customer terms (the configuration file's `customers`); an integration's own map takes precedence. */
  customers: Record<string, CustomerTerms>;
  /** SellerContact/ID of OrderResponses when the ERP names none (a user in Jakamo's user mapping). */
  defaultSellerContactId: string | undefined;
  /** How long a Delivered or Cancelled order waits for late messages before it completes. */
  quietPeriodMs: number;
  /** Test hook only: the worker kills itself at this named point (see activities/crash-point.ts). */
  testCrashAt: string | undefined;
}

export class SettingsError extends Error {
  override name = 'SettingsError';
}

export function loadSettings(
  environment: NodeJS.ProcessEnv = process.env,
  installed: { ublSchemaDir: string } = { ublSchemaDir: installedUblSchemaDir },
): Settings {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new SettingsError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const env = parsed.data;
  const worker = workerSizing(env);
  if (env.JAKAMO_BASE_URL && (!env.JAKAMO_USERNAME || !env.JAKAMO_PASSWORD)) {
    throw new SettingsError(
      'Invalid configuration:\n  JAKAMO_BASE_URL is set, so JAKAMO_USERNAME and JAKAMO_PASSWORD are needed too ' +
        '(the integration credentials from the Jakamo Integrations page)',
    );
  }
  if (env.UBL_SCHEMA_DIR !== undefined && !holdsUblSchemas(path.resolve(env.UBL_SCHEMA_DIR))) {
    throw new SettingsError(
      `Invalid configuration:\n  UBL_SCHEMA_DIR=${env.UBL_SCHEMA_DIR} does not hold the UBL 2.1 schemas (no maindoc/UBL-Order-2.1.xsd): ` +
        'point it at the xsdrt/ folder of the OASIS UBL 2.1 distribution, or unset it to use the schemas installed under .tools/',
    );
  }
  const dataDir = path.resolve(env.DATA_DIR);
  const databaseUrl = env.DATABASE_URL;
  const isPostgres = databaseUrl !== undefined && /^postgres(ql)?:\/\//.test(databaseUrl);
  const timings: IntegrationTimings = {
    pollIntervalMs: env.JAKAMO_POLL_INTERVAL,
    drainBudgetMs: env.JAKAMO_DRAIN_BUDGET,
    httpTimeoutMs: env.JAKAMO_HTTP_TIMEOUT,
  };
  const file =
    env.JAKAMO_SO_CONFIG === undefined
      ? undefined
      : readConfigFile(env.JAKAMO_SO_CONFIG, environment, timings);
  if (file !== undefined && env.JAKAMO_BASE_URL !== undefined) {
    throw new SettingsError(
      `Invalid configuration:\n  JAKAMO_BASE_URL is set and so is JAKAMO_SO_CONFIG (${file.path}): give the integrations in one place ` +
        '(with a configuration file, its `integrations` are used; unset JAKAMO_BASE_URL, JAKAMO_USERNAME and JAKAMO_PASSWORD)',
    );
  }
  // Without a file, JAKAMO_INTEGRATION names the one integration: the configured one, or the embedded sandbox's.
  const selected =
    file !== undefined
      ? selectedIntegration(file, env.JAKAMO_INTEGRATION)
      : (env.JAKAMO_INTEGRATION ?? (env.JAKAMO_BASE_URL === undefined ? 'demo' : 'default'));
  const integrations: JakamoIntegration[] =
    file !== undefined
      ? file.integrations
      : env.JAKAMO_BASE_URL !== undefined
        ? [
            {
              id: selected,
              baseUrl: env.JAKAMO_BASE_URL,
              username: new Secret('env:JAKAMO_USERNAME (set)', env.JAKAMO_USERNAME ?? ''),
              password: new Secret('env:JAKAMO_PASSWORD (set)', env.JAKAMO_PASSWORD ?? ''),
              ...timings,
              customers: {},
            },
          ]
        : [];
  const erpApiTokens = file?.erpApi.tokens;
  return {
    configFile: file?.path,
    integrations,
    selectedIntegration: selected,
    embeddedSandbox: integrations.length === 0 ? { id: selected, ...timings, customers: {} } : undefined,
    dataDir,
    logLevel: env.LOG_LEVEL,
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      apiKey: env.TEMPORAL_API_KEY,
      tls: env.TEMPORAL_TLS || env.TEMPORAL_API_KEY !== undefined,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      cliPath: env.TEMPORAL_CLI_PATH,
      devServerPort: env.TEMPORAL_DEV_SERVER_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
    },
    database: isPostgres
      ? { kind: 'postgres', url: databaseUrl }
      : { kind: 'sqlite', file: path.resolve(databaseUrl ?? path.join(dataDir, 'connector.sqlite')) },
    orders: {
      confirmationPolicy: file?.defaults.confirmationPolicy ?? env.CONFIRMATION_POLICY,
      orderResponseCustomers: (env.ORDER_RESPONSE_CUSTOMERS ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
      defaultResponseStyle: file?.defaults.responseStyle ?? 'simple',
      customers: file?.customers ?? {},
      // The embedded sandbox's demo integration maps SELLER-1 as its default user.
      defaultSellerContactId:
        file?.defaults.sellerContactId ??
        env.JAKAMO_SELLER_CONTACT ??
        (integrations.length === 0 ? 'SELLER-1' : undefined),
      quietPeriodMs: file?.defaults.quietPeriodMs ?? env.ORDER_QUIET_PERIOD,
      testCrashAt: env.JAKAMO_SO_TEST_CRASH_AT,
    },
    ublSchemaDir:
      env.UBL_SCHEMA_DIR !== undefined
        ? path.resolve(env.UBL_SCHEMA_DIR)
        : holdsUblSchemas(installed.ublSchemaDir)
          ? installed.ublSchemaDir
          : undefined,
    ublInboundValidation: env.UBL_INBOUND_VALIDATION,
    drainLingerMs: env.JAKAMO_DRAIN_LINGER,
    sandboxPort: env.SANDBOX_PORT,
    demoOrderIntervalMs: env.DEMO_ORDER_INTERVAL,
    erpApi: {
      host: env.ERP_API_HOST,
      port: env.ERP_API_PORT,
      // A token reference in the file holds them comma-separated (a variable) or one a line (a file).
      tokens: (erpApiTokens?.reveal() ?? env.ERP_API_TOKENS ?? '')
        .split(/[,\n]/)
        .map((token) => token.trim())
        .filter((token) => token !== ''),
      tokensSource:
        erpApiTokens?.source ?? (env.ERP_API_TOKENS === undefined ? undefined : 'env:ERP_API_TOKENS (set)'),
      tokensFile:
        file?.erpApi.tokensFile ??
        (env.ERP_API_TOKENS_FILE === undefined ? undefined : path.resolve(env.ERP_API_TOKENS_FILE)),
    },
    metrics: { address: env.METRICS_ADDRESS, refreshIntervalMs: env.METRICS_REFRESH_INTERVAL },
    worker,
  };
}

/** The worker's sizing, checked together (the SDK would otherwise quietly change what it was given). */
function workerSizing(env: z.infer<typeof environmentSchema>): WorkerSizingSettings {
  const cache = env.WORKER_MAX_CACHED_WORKFLOWS;
  const sizing: WorkerSizingSettings = {
    maxCachedWorkflows: cache,
    // A smaller cache lowers the default task slots with it; a number given that exceeds it is refused.
    maxConcurrentWorkflowTasks:
      env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS ??
      (cache >= 2
        ? Math.min(workerSizingDefaults.maxConcurrentWorkflowTasks, cache)
        : workerSizingDefaults.maxConcurrentWorkflowTasks),
    maxConcurrentActivities: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentHandOffs: env.WORKER_MAX_CONCURRENT_HAND_OFFS,
  };
  const problems: string[] = [];
  if (sizing.maxCachedWorkflows === 1) {
    problems.push(
      'WORKER_MAX_CACHED_WORKFLOWS: "1" is too small: use 0 (no cache) or at least 2 (a cache of one workflow is not allowed by Temporal)',
    );
  } else if (sizing.maxCachedWorkflows > 0 && sizing.maxConcurrentWorkflowTasks > sizing.maxCachedWorkflows) {
    problems.push(
      `WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: ${sizing.maxConcurrentWorkflowTasks} is more than WORKER_MAX_CACHED_WORKFLOWS (${sizing.maxCachedWorkflows}): ` +
        'a workflow task runs on a cached workflow, so lower it or raise the cache',
    );
  }
  if (problems.length > 0) throw new SettingsError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return sizing;
}

function readConfigFile(
  file: string,
  environment: NodeJS.ProcessEnv,
  timings: IntegrationTimings,
): ConfigFile {
  try {
    return loadConfigFile(path.resolve(file), environment, timings);
  } catch (error) {
    if (error instanceof ConfigFileError) throw new SettingsError(`Invalid configuration:\n${error.message}`);
    throw error;
  }
}

/** With a configuration file, the single-integration commands work on JAKAMO_INTEGRATION's integration, else the first. */
function selectedIntegration(file: ConfigFile, wanted: string | undefined): string {
  const { integrations } = file;
  const selected =
    wanted === undefined ? integrations[0] : integrations.find((integration) => integration.id === wanted);
  if (selected === undefined) {
    throw new SettingsError(
      `Invalid configuration:\n  JAKAMO_INTEGRATION=${wanted ?? ''} is not one of the integrations in JAKAMO_SO_CONFIG (${file.path}): ` +
        `use one of ${integrations.map((integration) => integration.id).join(', ')}, or unset it`,
    );
  }
  return selected.id;
}
