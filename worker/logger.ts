import fs from 'node:fs';
import path from 'node:path';
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import pino, { type Logger } from 'pino';
import type { Settings } from '../config/settings';

export type { Logger };

/** Keys whose values never reach a log, at any of the first levels of a logged object. */
const secretKeys = [
  'password',
  'passwd',
  'secret',
  'token',
  'tokens',
  'apiKey',
  'authorization',
  'Authorization',
  'cookie',
  'credentials',
];
const redactPaths = secretKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

/** What a redacted key or a known secret is written as. */
export const redacted = '[REDACTED]';

/** Shorter values are not scrubbed from the text of log lines: they would mangle ordinary words. */
const shortestScrubbedSecret = 4;

/**
 * The product's logger (pino, JSON lines). `file` sends the logs to a file, which keeps the
 * terminal free for `npm start`'s status line.
 *
 * Credentials never reach a log, in two layers: values under credential-like keys (`password`,
 * `token`, `authorization`, …) are redacted, and the text of every line is scrubbed of the
 * `secrets` the process knows (`knownSecrets`: Jakamo passwords and their Basic auth headers,
 * ERP API tokens, the Temporal API key, a database password), wherever they would appear — in an
 * error message, a URL, a response body.
 */
export function createLogger(options: {
  level: string;
  file?: string | undefined;
  secrets?: readonly string[];
}): Logger {
  const scrub = secretScrubber(options.secrets ?? []);
  const settings: pino.LoggerOptions = {
    level: options.level,
    redact: { paths: redactPaths, censor: redacted },
    ...(scrub === undefined ? {} : { hooks: { streamWrite: scrub } }),
  };
  if (options.file === undefined) return pino(settings, pino.destination(2));
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  return pino(settings, pino.destination({ dest: options.file, sync: false, mkdir: true }));
}

/**
 * Every secret value the settings hold, in the forms it could take in a log line: as is, JSON-escaped,
 * URL-encoded, and for Jakamo's Basic auth the base64 of `user:password` (what the Authorization header
 * carries). `extra` adds values known elsewhere (an embedded sandbox's password, a generated token).
 */
export function knownSecrets(settings: Settings, extra: readonly string[] = []): string[] {
  const values: string[] = [...extra, ...settings.erpApi.tokens];
  for (const integration of settings.integrations) {
    const username = integration.username.reveal();
    const password = integration.password.reveal();
    if (password === '') continue;
    values.push(password, Buffer.from(password).toString('base64'));
    values.push(Buffer.from(`${username}:${password}`).toString('base64'));
  }
  if (settings.temporal.apiKey !== undefined) values.push(settings.temporal.apiKey);
  if (settings.database.kind === 'postgres') {
    const password = databasePassword(settings.database.url);
    if (password !== undefined) values.push(password);
  }
  return values;
}

function databasePassword(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}

/** Replaces each secret (and its JSON-escaped and URL-encoded forms) in a written line. */
function secretScrubber(secrets: readonly string[]): ((line: string) => string) | undefined {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < shortestScrubbedSecret) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  if (forms.size === 0) return undefined;
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (line) => {
    let text = line;
    for (const form of ordered) if (text.includes(form)) text = text.replaceAll(form, redacted);
    return text;
  };
}

const temporalToPino: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Routes the Temporal SDK's logs (worker, native core, workflow `log`, activity `log`) into pino,
 * with the same names for the same ids everywhere: `workflowId`, `runId` (the SDK calls it
 * `workflowRunId` in activity logs) and, for an order's workflow and activities, `orderKey` (the
 * order workflow's id is its order key). Activity task tokens are left out.
 */
export function temporalLogger(logger: Logger): TemporalLogger {
  const write = (level: LogLevel, message: string, meta?: LogMetadata): void => {
    logger[temporalToPino[level]](withIds(meta), message);
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}

function withIds(meta: LogMetadata | undefined): LogMetadata {
  if (meta === undefined) return {};
  // A task token lets its holder complete the activity: it stays out of the logs like any token.
  const { workflowRunId, taskToken: _taskToken, ...rest } = meta;
  const runId: unknown = rest.runId ?? workflowRunId;
  const workflowId: unknown = rest.workflowId;
  const orderKey: unknown =
    rest.orderKey ??
    (typeof workflowId === 'string' && workflowId.startsWith('order:') ? workflowId : undefined);
  return {
    ...rest,
    ...(runId === undefined ? {} : { runId }),
    ...(orderKey === undefined ? {} : { orderKey }),
  };
}
