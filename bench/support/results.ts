import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/project-root';
import type { Check } from './checks';
import type { Machine } from './machine';

/** Where every run's JSON goes (gitignored). */
export const resultsDir = path.join(projectRoot, '.bench-results');

/** One measured configuration of a benchmark: its summary line, its figures and its correctness checks. */
export interface BenchResult {
  /** For example `drain@25ms`: names the JSON file and starts the summary line. */
  name: string;
  /** The one line printed for it, figures against their baseline and target. */
  summary: string;
  figures: Record<string, unknown>;
  checks: Check[];
}

export interface BenchRecord extends BenchResult {
  benchmark: string;
  command: string;
  flags: Record<string, string | true>;
  machine: Machine;
  startedAt: string;
  durationSeconds: number;
  /** Every check passed. */
  correct: boolean;
}

/** Writes `.bench-results/<name>-<timestamp>.json` and returns its path. */
export function writeRecord(record: BenchRecord): string {
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = record.startedAt.replace(/[:.]/g, '-');
  const file = path.join(resultsDir, `${record.name.replace(/[^A-Za-z0-9._-]+/g, '-')}-${stamp}.json`);
  fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

/** The failed checks, as words for the summary line. */
export function failedChecks(checks: readonly Check[]): string[] {
  return checks.filter((check) => !check.ok).map((check) => `${check.name}: ${check.detail}`);
}

/** The end of a summary line: `, checks passed`, or which checks failed. */
export function checksSummary(checks: readonly Check[]): string {
  const failed = failedChecks(checks);
  return failed.length === 0 ? ', checks passed' : `; CHECKS FAILED: ${failed.join('; ')}`;
}
