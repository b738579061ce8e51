import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  migrateToLatest,
  openDatabase,
  type ConnectorDatabase,
  type DatabaseSettings,
} from '../../db/database';

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

/** Settings for a fresh, empty database of one dialect; undefined when the run has no server for it. */
export type OpenTestDatabase = () => Promise<DatabaseSettings | undefined>;

/**
 * Runs a storage contract on every dialect the product supports: SQLite in a new temporary folder
 * (named with `tmpPrefix`), and PostgreSQL on the run's server. Each call of `open` gives a fresh
 * database, so a contract can take a second one for a migration test.
 */
export function onEveryDialect(
  tmpPrefix: string,
  contract: (name: string, open: OpenTestDatabase) => void,
): void {
  contract('SQLite', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
    return Promise.resolve({ kind: 'sqlite', file: path.join(dir, 'connector.sqlite') });
  });
  contract('PostgreSQL', async () => {
    const server = postgresServerUrl();
    return server === undefined ? undefined : { kind: 'postgres', url: await createTestDatabase(server) };
  });
}

/** A suite's database, migrated to the latest schema; without one, `skip` says why its tests skip. */
export interface MigratedTestDatabase {
  db: ConnectorDatabase | undefined;
  settings: DatabaseSettings | undefined;
  skip: string | undefined;
}

export async function openMigratedDatabase(open: OpenTestDatabase): Promise<MigratedTestDatabase> {
  const settings = await open();
  if (settings === undefined) return { db: undefined, settings, skip: noPostgres };
  const db = openDatabase(settings);
  try {
    await migrateToLatest(db);
  } catch (error) {
    // The suite's `after` never sees a database that failed here: close it, or its pool keeps the run alive.
    await db.destroy();
    throw error;
  }
  return { db, settings, skip: undefined };
}
