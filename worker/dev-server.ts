import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { pipelineSearchAttributes } from '../domain/search-attributes';

export interface DevServerOptions {
  cliPath: string;
  /** gRPC port (0 = a free one). */
  port: number;
  /** Web UI port (0 = a free one). */
  uiPort: number;
  /** SQLite file that keeps workflows across restarts; undefined = in memory. */
  dbFile: string | undefined;
  namespace: string;
  /** Where the server's own output goes (a file keeps the terminal readable). */
  logFile: string | undefined;
}

export interface RunningDevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` bound to 127.0.0.1, with the pipeline's search
 * attributes registered, and waits until it answers.
 */
export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const port = options.port === 0 ? await freePort() : options.port;
  const uiPort = options.uiPort === 0 ? await freePort() : options.uiPort;
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--namespace',
    options.namespace,
    '--log-level',
    'warn',
  ];
  if (options.dbFile !== undefined) {
    fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  for (const key of pipelineSearchAttributes) args.push('--search-attribute', `${key.name}=${key.type}`);

  const output = options.logFile === undefined ? 'ignore' : fs.openSync(options.logFile, 'a');
  const child = spawn(options.cliPath, args, { stdio: ['ignore', output, output] });
  if (typeof output === 'number') fs.closeSync(output);
  const address = `127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitUntilServing(address, child, exited);
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
  return { address, uiUrl: `http://127.0.0.1:${uiPort}`, stop: () => stopChild(child, exited) };
}

async function waitUntilServing(
  address: string,
  child: ChildProcess,
  exited: Promise<number | null>,
): Promise<void> {
  let stopped: number | null | undefined;
  void exited.then((code) => (stopped = code));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (stopped !== undefined)
      throw new Error(
        `temporal server start-dev exited with code ${stopped} (is the port ${address} already in use?)`,
      );
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.healthService.check({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`temporal server start-dev did not answer on ${address} within 60 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
