import path from 'node:path';
import { z } from 'zod';
import { confirmationPolicies, type ConfirmationPolicy } from '../domain/confirmation-policy';
import { inboundValidationModes, type InboundValidationMode } from '../domain/inbound-validation';
import { holdsUblSchemas, installedUblSchemaDir } from '../worker/ubl-schemas';

/**
 * Every setting the product reads, parsed and validated once at start-up. Nothing else in
 * the code base reads `process.env`: pass the typed `Settings` (or the part of it a piece
 * needs) down instead.
 */

const durationPattern = /^(\d+)(ms|s|m|h|d)?$/;
const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "500ms", "10s", "5m", "2h", "30d" or plain milliseconds → milliseconds. */
export function parseDuration(text: string): number {
  const match = durationPattern.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration: use for example 500ms, 10s, 5m, 2h or 30d`);
  const unit = (match[2] ?? 'ms') as keyof typeof unitMs;
  return Number(match[1]) * unitMs[unit];
}

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
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((text) => text === 'true' || text === '1' || text === 'yes');

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
    .regex(/^[A-Za-z0-9._-]+$/, 'JAKAMO_INTEGRATION may contain letters, digits, ".", "_" and "-" only')
    .optional(),
  JAKAMO_POLL_INTERVAL: duration('10s'),
  JAKAMO_DRAIN_BUDGET: duration('60s'),
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
});

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

export interface JakamoSettings {
  /** Undefined: start the embedded sandbox with demo customers. */
  baseUrl: string | undefined;
  username: string | undefined;
  password: string | undefined;
  /** Names the credential set (one queue); part of every order's workflow id. Default "demo" with the embedded sandbox, else "default". */
  integration: string;
  pollIntervalMs: number;
  drainBudgetMs: number;
  httpTimeoutMs: number;
}

export interface Settings {
  dataDir: string;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  temporal: TemporalSettings;
  jakamo: JakamoSettings;
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
  sandboxPort: number;
  demoOrderIntervalMs: number;
  /** The ERP HTTP API (`jakamo-so api`, also run by `jakamo-so start`). */
  erpApi: ErpApiSettings;
}

export interface ErpApiSettings {
  host: string;
  port: number;
  /** Bearer tokens from ERP_API_TOKENS (comma-separated). */
  tokens: string[];
  /** ERP_API_TOKENS_FILE: a file with one token a line (read by client/erp-api/auth.ts). */
  tokensFile: string | undefined;
}

export interface OrderLifecycleSettings {
  confirmationPolicy: ConfirmationPolicy;
  /** Buyer party ids confirmed with an OrderResponse instead of a simple confirmation. */
  orderResponseCustomers: string[];
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
  return {
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
    jakamo: {
      baseUrl: env.JAKAMO_BASE_URL,
      username: env.JAKAMO_USERNAME,
      password: env.JAKAMO_PASSWORD,
      integration: env.JAKAMO_INTEGRATION ?? (env.JAKAMO_BASE_URL === undefined ? 'demo' : 'default'),
      pollIntervalMs: env.JAKAMO_POLL_INTERVAL,
      drainBudgetMs: env.JAKAMO_DRAIN_BUDGET,
      httpTimeoutMs: env.JAKAMO_HTTP_TIMEOUT,
    },
    database: isPostgres
      ? { kind: 'postgres', url: databaseUrl }
      : { kind: 'sqlite', file: path.resolve(databaseUrl ?? path.join(dataDir, 'connector.sqlite')) },
    orders: {
      confirmationPolicy: env.CONFIRMATION_POLICY,
      orderResponseCustomers: (env.ORDER_RESPONSE_CUSTOMERS ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
      // The embedded sandbox's demo integration maps SELLER-1 as its default user.
      defaultSellerContactId:
        env.JAKAMO_SELLER_CONTACT ?? (env.JAKAMO_BASE_URL === undefined ? 'SELLER-1' : undefined),
      quietPeriodMs: env.ORDER_QUIET_PERIOD,
      testCrashAt: env.JAKAMO_SO_TEST_CRASH_AT,
    },
    ublSchemaDir:
      env.UBL_SCHEMA_DIR !== undefined
        ? path.resolve(env.UBL_SCHEMA_DIR)
        : holdsUblSchemas(installed.ublSchemaDir)
          ? installed.ublSchemaDir
          : undefined,
    ublInboundValidation: env.UBL_INBOUND_VALIDATION,
    sandboxPort: env.SANDBOX_PORT,
    demoOrderIntervalMs: env.DEMO_ORDER_INTERVAL,
    erpApi: {
      host: env.ERP_API_HOST,
      port: env.ERP_API_PORT,
      tokens: (env.ERP_API_TOKENS ?? '')
        .split(',')
        .map((token) => token.trim())
        .filter((token) => token !== ''),
      tokensFile: env.ERP_API_TOKENS_FILE === undefined ? undefined : path.resolve(env.ERP_API_TOKENS_FILE),
    },
  };
}
