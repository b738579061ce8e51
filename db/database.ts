import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import type { Settings } from '../config/settings';
import { migrationProvider } from '../migrations';
import type { Database } from './schema';

export type DatabaseSettings = Settings['database'];
export type ConnectorDatabase = Kysely<Database>;

/** Opens the connector database: SQLite (file, WAL) by default, PostgreSQL for `postgres://` URLs. */
export function openDatabase(settings: DatabaseSettings): ConnectorDatabase {
  if (settings.kind === 'postgres') {
    return new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new Pool({ connectionString: settings.url, max: 10 }) }),
    });
  }
  fs.mkdirSync(path.dirname(settings.file), { recursive: true });
  const sqlite = new SqliteDatabase(settings.file);
  // WAL lets the CLI and tests read while the worker writes; the busy timeout rides out short write locks.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Brings the schema to the latest migration; safe to call at every start. */
export async function migrateToLatest(db: ConnectorDatabase): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    const which = failed ? ` (migration ${failed.migrationName})` : '';
    const reason = error instanceof Error ? error.message : failed ? 'see the migration' : 'unknown error';
    throw new MigrationError(`Database migration failed${which}: ${reason}`);
  }
  return (results ?? []).map((result) => result.migrationName);
}
