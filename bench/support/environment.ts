import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { SandboxControlClient, type SandboxIntegrationConfig } from '../../sandbox';
import { freePort, startDevServer } from '../../worker/dev-server';
import { projectRoot } from '../../config/project-root';
import { temporalBinaries } from '../../worker/temporal-binaries';
import { onCleanup } from './cleanup';
import { sleep } from './figures';
import { findProcess } from './process-memory';

/** One Jakamo integration (credentials and queue) of the sandbox, used by one side of a comparison. */
export interface BenchIntegration {
  id: string;
  username: string;
  password: string;
  customers: [string, string];
}

/**
 * What every benchmark runs on: the Temporal dev server on a SQLite file (as `npm start` runs it),
 * the Jakamo sandbox as its own process with the given latency, one integration per side of the
 * comparison (so each side has its own queue), and a Temporal client. Everything is on loopback in
 * a fresh folder, removed at the end.
 */
export interface BenchEnvironment {
  dir: string;
  temporalAddress: string;
  /** The Temporal server's pid, for its resident memory. */
  temporalPid(): number | undefined;
  sandboxUrl: string;
  sandboxPid(): number | undefined;
  control: SandboxControlClient;
  client: Client;
  integration(role: string): BenchIntegration;
  close(): Promise<void>;
}

export interface EnvironmentOptions {
  /** One integration each, for example `['bare-loop', 'pipeline']`. */
  roles: readonly string[];
  /** Latency of every sandbox request (ms). */
  latencyMs: number;
  /** Keep the folder (databases, logs) after the run. */
  keep?: boolean;
}

export async function startBenchEnvironment(options: EnvironmentOptions): Promise<BenchEnvironment> {
  const suffix = randomUUID().slice(0, 6);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-bench-'));
  const integrations = new Map<string, BenchIntegration>(
    options.roles.map((role) => [
      role,
      {
        id: `${role}-${suffix}`,
        username: `supplier-${role}-${suffix}`,
        password: `bench-${randomUUID()}`,
        customers: [`ACME-${suffix}`, `NORDIC-${suffix}`],
      },
    ]),
  );
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
    if (!options.keep) fs.rmSync(dir, { recursive: true, force: true });
  };
  const unregister = onCleanup(close);
  try {
    const server = await startDevServer({
      cliPath: temporalBinaries().cli,
      port: 0,
      uiPort: 0,
      dbFile: path.join(dir, 'temporal.sqlite'),
      namespace: 'default',
      logFile: path.join(dir, 'temporal.log'),
    });
    cleanups.push(() => server.stop());
    const port = server.address.split(':').pop() ?? '';
    let temporalPid: number | undefined;
    const sandbox = await startSandboxProcess(dir, [...integrations.values()], options.latencyMs);
    cleanups.push(() => sandbox.stop());
    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    return {
      dir,
      temporalAddress: server.address,
      temporalPid: () => (temporalPid ??= findProcess(['start-dev', '--ip', '127.0.0.1', '--port', port])),
      sandboxUrl: sandbox.baseUrl,
      sandboxPid: () => sandbox.pid,
      control: new SandboxControlClient(sandbox.baseUrl),
      client: new Client({ connection, namespace: 'default' }),
      integration(role) {
        const integration = integrations.get(role);
        if (integration === undefined) throw new Error(`no integration for ${role}`);
        return integration;
      },
      async close() {
        unregister();
        await close();
      },
    };
  } catch (error) {
    unregister();
    await close();
    throw error;
  }
}

/** Runs `measure` on a fresh environment and closes it afterwards, whether it succeeds or throws. */
export async function withBenchEnvironment<T>(
  options: EnvironmentOptions,
  measure: (env: BenchEnvironment) => Promise<T>,
): Promise<T> {
  const env = await startBenchEnvironment(options);
  try {
    return await measure(env);
  } finally {
    await env.close();
  }
}

/** `jakamo-so sandbox` as a child process: the pipeline and the baselines reach it over HTTP alike. */
async function startSandboxProcess(
  dir: string,
  integrations: readonly BenchIntegration[],
  latencyMs: number,
): Promise<{ baseUrl: string; pid: number | undefined; stop(): Promise<void> }> {
  const configFile = path.join(dir, 'sandbox-integrations.json');
  const config: SandboxIntegrationConfig[] = integrations.map((integration) => ({
    id: integration.id,
    username: integration.username,
    password: integration.password,
    supplier: { partyId: 'SUPPLIER-1', name: 'Bench Supplier Ltd.' },
    customers: [
      { partyId: integration.customers[0], name: 'Acme Oy' },
      { partyId: integration.customers[1], name: 'Nordic Tools AB' },
    ],
  }));
  fs.writeFileSync(configFile, JSON.stringify({ integrations: config }, null, 2));
  const port = await freePort();
  const log = fs.openSync(path.join(dir, 'sandbox.log'), 'a');
  const child = spawn(
    process.execPath,
    [
      path.join(projectRoot, 'bin', 'jakamo-so.cjs'),
      'sandbox',
      '--port',
      String(port),
      '--config',
      configFile,
      '--log-level',
      'warn',
      '--faults',
      JSON.stringify({ latencyMs }),
    ],
    { cwd: projectRoot, stdio: ['ignore', log, log], env: childEnvironment({}) },
  );
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the sandbox exited; see ${path.join(dir, 'sandbox.log')}`);
    try {
      if ((await fetch(`${baseUrl}/control/health`)).ok) return { baseUrl, pid: child.pid, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the sandbox did not answer on ${baseUrl} within 60 s`);
    }
    await sleep(100);
  }
}

/**
 * The environment of a child process: only what a process needs to run (PATH, HOME, …) and what
 * the benchmark sets, so that settings in the caller's shell (JAKAMO_SO_CONFIG, WORKER_MAX_*)
 * cannot change what is measured.
 */
export function childEnvironment(settings: Record<string, string>): NodeJS.ProcessEnv {
  const kept = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
  const inherited = Object.fromEntries(
    kept.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
  ) as NodeJS.ProcessEnv;
  return { ...inherited, ...settings };
}
