import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  confirmationPolicies,
  responseStyles,
  type ConfirmationPolicy,
  type ResponseStyle,
} from '../domain/confirmation-policy';
import type { CustomerTerms } from './customer-terms';
import type { IntegrationTimings, JakamoIntegration } from './jakamo-integration';
import { Secret } from './secret';
import { integrationIdMessage, integrationIdPattern, parseDuration } from './values';

/**
 * The configuration file (path in JAKAMO_SO_CONFIG, JSON): several Jakamo integrations with
 * their own credentials and queues, per-customer order terms, defaults, ERP API tokens. Secrets
 * are only ever given by reference — `{ "env": NAME }` or `{ "file": PATH }` — and resolved here,
 * once, while the file is validated; an error names the key it is about. See docs/configuration.md.
 */

export interface ConfigFile {
  path: string;
  /** Each with the environment's timings where the file gives none. */
  integrations: JakamoIntegration[];
  customers: Record<string, CustomerTerms>;
  defaults: {
    confirmationPolicy: ConfirmationPolicy | undefined;
    responseStyle: ResponseStyle | undefined;
    sellerContactId: string | undefined;
    quietPeriodMs: number | undefined;
  };
  erpApi: { tokens: Secret | undefined; tokensFile: string | undefined };
}

export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
}

type Environment = Readonly<Record<string, string | undefined>>;

const inlineSecretMessage =
  'a secret is never written inline: give a reference, { "env": "VARIABLE_NAME" } or { "file": "/path/to/secret" }';

const secretReferenceShape = z.union([
  z.strictObject({ env: z.string().trim().min(1) }),
  z.strictObject({ file: z.string().trim().min(1) }),
]);

/**
 * `{ "env": NAME }` or `{ "file": PATH }` (relative to the configuration file's folder), resolved to
 * a Secret. An inline string is an error — unless `plainAllowed` (a user name may be written out).
 */
function secret(environment: Environment, baseDir: string, plainAllowed = false) {
  return z.unknown().transform((value, ctx): Secret => {
    if (typeof value === 'string' || typeof value === 'number') {
      if (plainAllowed && typeof value === 'string' && value.trim() !== '')
        return new Secret(value.trim(), value.trim());
      ctx.addIssue({ code: 'custom', message: inlineSecretMessage });
      return z.NEVER;
    }
    const parsed = secretReferenceShape.safeParse(value);
    if (!parsed.success) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is not a reference: expected { "env": "VARIABLE_NAME" } or { "file": "/path/to/secret" }, nothing else`,
      });
      return z.NEVER;
    }
    const reference = parsed.data;
    if ('env' in reference) {
      const text = environment[reference.env]?.trim();
      if (text === undefined || text === '') {
        ctx.addIssue({ code: 'custom', message: `the environment variable ${reference.env} is not set` });
        return z.NEVER;
      }
      return new Secret(`env:${reference.env} (set)`, text);
    }
    const file = path.resolve(baseDir, reference.file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8').trim();
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `the file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      });
      return z.NEVER;
    }
    if (text === '') {
      ctx.addIssue({ code: 'custom', message: `the file ${file} is empty` });
      return z.NEVER;
    }
    return new Secret(`file:${file} (readable)`, text);
  });
}

const duration = z.string().transform((text, ctx) => {
  try {
    return parseDuration(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const customerTerms = z.strictObject({
  confirmationPolicy: z.enum(confirmationPolicies).optional(),
  responseStyle: z.enum(responseStyles).optional(),
  sellerContactId: z.string().trim().min(1).optional(),
});
const customerMap = z.record(z.string().trim().min(1), customerTerms);

function configFileSchema(environment: Environment, baseDir: string) {
  return z.strictObject({
    integrations: z
      .array(
        z.strictObject({
          id: z.string().regex(integrationIdPattern, integrationIdMessage),
          baseUrl: z.url({ message: 'must be a URL such as https://demo.thejakamo.com' }),
          username: secret(environment, baseDir, true),
          password: secret(environment, baseDir),
          pollInterval: duration.optional(),
          drainBudget: duration.optional(),
          httpTimeout: duration.optional(),
          customers: customerMap.optional(),
        }),
      )
      .min(1, 'name at least one integration')
      .superRefine((integrations, ctx) => {
        const seen = new Map<string, number>();
        integrations.forEach((integration, index) => {
          const first = seen.get(integration.id);
          if (first !== undefined) {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'id'],
              message: `"${integration.id}" is already the id of integrations[${first}]: each integration needs its own id (it is part of every order key)`,
            });
          } else {
            seen.set(integration.id, index);
          }
        });
      }),
    customers: customerMap.optional(),
    defaults: z
      .strictObject({
        confirmationPolicy: z.enum(confirmationPolicies).optional(),
        responseStyle: z.enum(responseStyles).optional(),
        sellerContactId: z.string().trim().min(1).optional(),
        quietPeriod: duration.optional(),
      })
      .optional(),
    erpApi: z
      .strictObject({
        tokens: secret(environment, baseDir).optional(),
        tokensFile: z.string().trim().min(1).optional(),
      })
      .optional(),
  });
}

/** `integrations[1].password`, `customers.ACME-FI.responseStyle`. */
function keyPath(segments: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? '(the whole file)' : text;
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map(
      (key) => `${keyPath([...issue.path, key])}: unknown key (a misspelling? see docs/configuration.md)`,
    );
  }
  return [`${keyPath(issue.path)}: ${issue.message}`];
}

/**
 * Reads, validates and resolves the configuration file. Every problem names its key; all are
 * reported at once. An integration that names no timings of its own takes `timings` (the environment's).
 */
export function loadConfigFile(
  file: string,
  environment: Environment,
  timings: IntegrationTimings,
): ConfigFile {
  const where = `JAKAMO_SO_CONFIG (${file})`;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(
      `  ${where}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(`  ${where}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = configFileSchema(environment, path.dirname(file)).safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap(describeIssue);
    throw new ConfigFileError(problems.map((problem) => `  ${where}: ${problem}`).join('\n'));
  }
  const config = parsed.data;
  return {
    path: file,
    integrations: config.integrations.map((integration) => ({
      id: integration.id,
      baseUrl: integration.baseUrl,
      username: integration.username,
      password: integration.password,
      pollIntervalMs: integration.pollInterval ?? timings.pollIntervalMs,
      drainBudgetMs: integration.drainBudget ?? timings.drainBudgetMs,
      httpTimeoutMs: integration.httpTimeout ?? timings.httpTimeoutMs,
      customers: integration.customers ?? {},
    })),
    customers: config.customers ?? {},
    defaults: {
      confirmationPolicy: config.defaults?.confirmationPolicy,
      responseStyle: config.defaults?.responseStyle,
      sellerContactId: config.defaults?.sellerContactId,
      quietPeriodMs: config.defaults?.quietPeriod,
    },
    erpApi: {
      tokens: config.erpApi?.tokens,
      tokensFile:
        config.erpApi?.tokensFile === undefined
          ? undefined
          : path.resolve(path.dirname(file), config.erpApi.tokensFile),
    },
  };
}
