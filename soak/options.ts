import type { SandboxFaults } from '../sandbox';
import { hostileCorpus } from '../harness/hostile-corpus';
import { issueFaults, type SoakPlanOptions } from './plan';

/** What one soak runs: its plan, its pace, its faults and its bounds. */
export interface SoakOptions extends SoakPlanOptions {
  /** One order placed every so many milliseconds. */
  placeEveryMs: number;
  /** Faults the sandbox starts (and restarts) with. */
  faults: Partial<SandboxFaults>;
  /** The whole soak, settling included; past it the verdict counts what is not done as stuck. */
  timeoutMs: number;
  /** The soak's folder (created); default a new one under the system's temporary folder. */
  dir: string | undefined;
  /** Seed of the soak's own dice (when random kills strike within their slot). */
  seed: number;
  /** Where progress lines go. */
  log: (line: string) => void;
  /** Stops the soak early (Ctrl-C): what was done is judged. */
  signal?: AbortSignal;
}

/** The issue's soak: 2,000 orders, every fault, ten kills, both restarts, the whole hostile corpus. */
export const issueSoak: Omit<SoakOptions, 'dir' | 'log'> = {
  orders: 2000,
  placeEveryMs: 150,
  badMessages: hostileCorpus.length,
  kills: 10,
  restartDevServer: true,
  restartSandbox: true,
  shares: { orderResponse: 0.15, erpConfirmDeliver: 0.15 },
  faults: issueFaults,
  timeoutMs: 60 * 60_000,
  seed: 7,
};
