import type { Command } from 'commander';
import fs from 'node:fs';
import { z } from 'zod';
import { parseDuration } from '../config/settings';
import { faultsSchema, parseFaults } from './faults';
import { companyMappingSchema, userMappingSchema } from './mapping-schemas';
import { demoIntegrations, type SandboxIntegrationConfig } from './config';
import { startOrderGenerator, type OrderGenerator } from './order-generator';
import { startSandbox } from './server';

/** `jakamo-so sandbox`: the SO API sandbox as a stand-alone tool for integration engineers. */

const integrationSchema = z.object({
  id: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
  supplier: z.object({ partyId: z.string().min(1), name: z.string() }),
  customers: z.array(z.object({ partyId: z.string().min(1), name: z.string() })),
  companyMappings: z.array(companyMappingSchema).optional(),
  userMappings: z.array(userMappingSchema).optional(),
  restrictOrderChanges: z.boolean().optional(),
  currency: z.string().optional(),
  faults: faultsSchema.optional(),
});

/** A config file holds either an array of integrations or `{ "integrations": [...] }`. */
export function readIntegrationsFile(file: string): SandboxIntegrationConfig[] {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  const schema = z.union([
    z.array(integrationSchema),
    z.object({ integrations: z.array(integrationSchema) }),
  ]);
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new Error(
      `${file}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return Array.isArray(result.data) ? result.data : result.data.integrations;
}

interface SandboxCommandOptions {
  host: string;
  port: string;
  stateFile?: string;
  config?: string;
  generateEvery?: string;
  seed: string;
  logLevel: string;
  faults?: string;
}

/** `--faults`: JSON text, or the path of a JSON file. */
export function readFaultsOption(value: string): ReturnType<typeof parseFaults> {
  const text = value.trim().startsWith('{') ? value : fs.readFileSync(value, 'utf8');
  return parseFaults(text, '--faults');
}

export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description("Run the Jakamo SO API sandbox: a local server that behaves like Jakamo's Sales Order API")
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--port <port>', 'port (0 = any free port)', '8090')
    .option('--state-file <path>', 'keep orders, queues and counters in this JSON file across restarts')
    .option(
      '--config <file.json>',
      'integrations (credentials, customers, mappings); default: the demo integration',
    )
    .option(
      '--generate-every <duration>',
      'place a generated order for the customers every <duration> (e.g. 3s)',
    )
    .option('--seed <n>', 'seed of the order generator', '1')
    .option('--log-level <level>', 'pino log level', 'info')
    .option(
      '--faults <json|file>',
      'faults every integration starts with, e.g. \'{"lostAnswerRate":0.1,"seed":7}\' (see docs/sandbox.md)',
    )
    .action(async (options: SandboxCommandOptions) => {
      const integrations =
        options.config === undefined ? demoIntegrations() : readIntegrationsFile(options.config);
      const faults = options.faults === undefined ? undefined : readFaultsOption(options.faults);
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port ${options.port} is not a port`);
      const sandbox = await startSandbox({
        host: options.host,
        port,
        integrations,
        stateFile: options.stateFile,
        logLevel: options.logLevel,
        faults,
      });
      console.log(`Jakamo SO API sandbox listening on ${sandbox.baseUrl}`);
      console.log(`  queue:          GET  ${sandbox.baseUrl}/api/order/response`);
      console.log(`  order response: POST ${sandbox.baseUrl}/api/orderresponse`);
      console.log(`  control API:         ${sandbox.baseUrl}/control/... (see docs/sandbox.md)`);
      if (faults !== undefined) console.log(`  faults:         ${JSON.stringify(faults)}`);
      for (const integration of integrations) {
        // Passwords are never printed: they are in the config (or docs/sandbox.md for the demo).
        console.log(
          `  integration "${integration.id}": username "${integration.username}", customers ${integration.customers
            .map((c) => c.partyId)
            .join(', ')}`,
        );
      }

      const generators: OrderGenerator[] = [];
      if (options.generateEvery !== undefined) {
        const everyMs = parseDuration(options.generateEvery);
        for (const integration of integrations) {
          generators.push(
            startOrderGenerator({
              baseUrl: sandbox.baseUrl,
              integrationId: integration.id,
              customerPartyIds: integration.customers.map((c) => c.partyId),
              everyMs,
              seed: Number(options.seed),
              onError: (error) => console.error(`order generator (${integration.id}): ${error.message}`),
            }),
          );
        }
        console.log(`  generating an order every ${options.generateEvery} per integration`);
      }

      await new Promise<void>((resolve) => {
        const shutdown = (signal: NodeJS.Signals) => {
          console.log(`${signal}: stopping the sandbox`);
          process.off('SIGINT', shutdown);
          process.off('SIGTERM', shutdown);
          resolve();
        };
        process.on('SIGINT', shutdown);
        process.on('SIGTERM', shutdown);
      });
      await Promise.all(generators.map((generator) => generator.stop()));
      await sandbox.close();
    });
}
