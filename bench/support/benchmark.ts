import type { BenchArgs } from './args';
import type { BenchResult } from './results';

/** One benchmark of `npm run bench -- <name>`: measures, checks, and returns one result per configuration. */
export interface Benchmark {
  name: string;
  /** One line for `--list`: what it measures, against what. */
  description: string;
  /** Its flags and their defaults, for `--list`. */
  flags: string;
  run(args: BenchArgs): Promise<BenchResult[]>;
}
