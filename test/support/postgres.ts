import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The run's PostgreSQL server (see test/run-tests.ts), or undefined when none is installed. */
export function postgresServerUrl(): string | undefined {
  return process.env.TEST_POSTGRES_URL;
}

export const noPostgres =
  'no PostgreSQL server for this run: install postgresql (Debian) or set TEST_POSTGRES_URL';

/** A new, empty database on the run's server; each test gets its own. */
export async function createTestDatabase(serverUrl: string): Promise<string> {
  const name = `jakamo_so_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
