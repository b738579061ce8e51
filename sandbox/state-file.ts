import fs from 'node:fs';
import path from 'node:path';
import type { SandboxMappings } from './mappings';
import type { MessageQueueSnapshot } from './message-queue';
import type { SandboxIntegrationStats, SandboxOrderState } from './types';

/**
 * The sandbox's state on disk (`--state-file`): orders, queues, mappings and counters, so a
 * restarted sandbox carries on where it stopped. Credentials are not written: they come from
 * the configuration. Faults are run-time only and not kept.
 */

export interface PersistedIntegration {
  queue: MessageQueueSnapshot;
  stats: SandboxIntegrationStats;
  mappings: SandboxMappings;
  restrictOrderChanges: boolean;
}

export interface PersistedState {
  version: 1;
  nextOrderSequence: number;
  nextMessageSequence: number;
  unknownUserAuthFailures: number;
  orders: SandboxOrderState[];
  integrations: Record<string, PersistedIntegration>;
}

export function loadStateFile(file: string): PersistedState | undefined {
  if (!fs.existsSync(file)) return undefined;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as PersistedState;
  if (parsed.version !== 1)
    throw new Error(`${file}: unsupported sandbox state version ${String(parsed.version)}`);
  return parsed;
}

/** Atomic replace (write then rename) so a crash never leaves half a file. */
export function saveStateFile(file: string, state: PersistedState): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(state));
  fs.renameSync(temporary, file);
}
