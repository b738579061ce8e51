import fs from 'node:fs';

/** Resident memory of one process, from /proc/<pid>/status (Linux): now and its peak so far. */
export interface ProcessMemory {
  rssMiB: number;
  /** VmHWM: the highest resident set size the process has had. */
  peakRssMiB: number;
}

export function processMemory(pid: number | undefined): ProcessMemory | undefined {
  if (pid === undefined) return undefined;
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // gone, or not Linux
  }
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const rss = kib('VmRSS');
  const hwm = kib('VmHWM');
  if (!Number.isFinite(rss) || !Number.isFinite(hwm)) return undefined;
  return { rssMiB: round(rss / 1024), peakRssMiB: round(hwm / 1024) };
}

/**
 * The process that runs a `jakamo-so worker` or `start` begun as `pid`: bin/jakamo-so.cjs starts
 * those again in a child with the heap limits (bin/worker-heap.cjs), and the parent only waits.
 * `pid` itself when it has no child (yet, or the limits were given another way).
 */
export function commandProcess(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const [child] = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    return child === undefined || child === '' ? pid : Number(child);
  } catch {
    return pid;
  }
}

/** The pid of the first process whose command line holds `words` in this order, side by side. */
export function findProcess(words: readonly string[]): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = args.findIndex((_, index) => words.every((word, offset) => args[index + offset] === word));
    if (at !== -1) return Number(entry);
  }
  return undefined;
}

export interface MemorySample {
  atSeconds: number;
  rssMiB: Record<string, number | undefined>;
}

/**
 * Samples the resident memory of named processes every `intervalMs`: the series goes into the
 * JSON, and the peak per process is the larger of the sampled maximum and the kernel's VmHWM.
 */
export class MemorySampler {
  readonly samples: MemorySample[] = [];
  private readonly peaks = new Map<string, number>();
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pids: Record<string, () => number | undefined>) {}

  start(intervalMs: number): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    return this;
  }

  /** Takes one more sample (call it before a measured process stops) and stops sampling. */
  stop(): void {
    if (this.timer === undefined) return;
    this.sample();
    clearInterval(this.timer);
    this.timer = undefined;
  }

  sample(): void {
    const rssMiB: Record<string, number | undefined> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      const memory = processMemory(pid());
      rssMiB[name] = memory?.rssMiB;
      if (memory !== undefined) {
        this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, memory.rssMiB, memory.peakRssMiB));
      }
    }
    this.samples.push({ atSeconds: round((Date.now() - this.started) / 1000), rssMiB });
  }

  peakMiB(name: string): number | undefined {
    return this.peaks.get(name);
  }

  /** The last sampled resident size of a process. */
  lastMiB(name: string): number | undefined {
    for (let i = this.samples.length - 1; i >= 0; i--) {
      const value = this.samples[i]?.rssMiB[name];
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** At most `count` samples, evenly spread, for the JSON record. */
  thinned(count = 120): MemorySample[] {
    if (this.samples.length <= count) return this.samples;
    const step = this.samples.length / count;
    return Array.from({ length: count }, (_, i) => this.samples[Math.floor(i * step)]).filter(
      (sample): sample is MemorySample => sample !== undefined,
    );
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** CPU time (user + system) a process has used so far, in seconds; undefined when it is gone. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) — utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time of named processes over a window (`start` … `stop`), per process: on a machine of two
 * cores, this shows which of them the work is waiting for.
 */
export class CpuMeter {
  private readonly before = new Map<string, number | undefined>();
  private started = 0;

  constructor(private readonly pids: Record<string, () => number | undefined>) {}

  start(): this {
    this.started = Date.now();
    for (const [name, pid] of Object.entries(this.pids)) this.before.set(name, cpuSeconds(pid()));
    return this;
  }

  /** CPU seconds used per process since `start`, and the wall-clock seconds of the window. */
  stop(): { wallSeconds: number; cpuSeconds: Record<string, number | undefined> } {
    const used: Record<string, number | undefined> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      const before = this.before.get(name);
      const after = cpuSeconds(pid());
      used[name] = before === undefined || after === undefined ? undefined : round(after - before);
    }
    return { wallSeconds: round((Date.now() - this.started) / 1000), cpuSeconds: used };
  }
}
