import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** What a figure was measured on: recorded with every result, and in docs/performance.md. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryMiB: number;
  node: string;
  platform: string;
  temporalCli: string | undefined;
  /** 1, 5 and 15 minute load averages when the run started (another load distorts every figure). */
  loadAverageAtStart: number[];
}

export function describeMachine(temporalCli: string | undefined): Machine {
  let version: string | undefined;
  if (temporalCli !== undefined) {
    try {
      version = execFileSync(temporalCli, ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      version = undefined;
    }
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryMiB: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    temporalCli: version,
    loadAverageAtStart: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
}
