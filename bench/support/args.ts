/**
 * The benchmark command line: `npm run bench -- <name>... [--flag value | --flag=value]...`. Names
 * select benchmarks; a flag takes the next word as its value unless that is a flag too (then it is
 * a switch); `--flag=value` for a value that starts with `--`.
 */
export class BenchArgs {
  readonly names: string[] = [];
  private readonly flags = new Map<string, string | true>();

  constructor(argv: readonly string[]) {
    for (let i = 0; i < argv.length; i++) {
      const word = argv[i] ?? '';
      if (!word.startsWith('--')) {
        this.names.push(word);
        continue;
      }
      const equals = word.indexOf('=');
      if (equals !== -1) {
        this.flags.set(word.slice(2, equals), word.slice(equals + 1));
        continue;
      }
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) this.flags.set(word.slice(2), true);
      else {
        this.flags.set(word.slice(2), next);
        i++;
      }
    }
  }

  has(name: string): boolean {
    return this.flags.has(name);
  }

  text(name: string, fallback: string): string {
    const value = this.flags.get(name);
    return typeof value === 'string' ? value : fallback;
  }

  /** A positive number (a count, a rate, a duration in seconds). */
  number(name: string, fallback: number): number {
    const value = this.flags.get(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (typeof value !== 'string' || !Number.isFinite(parsed) || parsed < 0) {
      throw new Error(`--${name} takes a number (got ${String(value)})`);
    }
    return parsed;
  }

  /** A comma-separated list, for example `--latency 25,0`. */
  list(name: string, fallback: readonly string[]): string[] {
    const value = this.flags.get(name);
    if (value === undefined) return [...fallback];
    if (typeof value !== 'string') throw new Error(`--${name} takes a comma-separated list`);
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  numbers(name: string, fallback: readonly number[]): number[] {
    return this.list(name, fallback.map(String)).map((item) => {
      const parsed = Number(item);
      if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name}: "${item}" is not a number`);
      return parsed;
    });
  }

  /** Every flag as given, for the JSON record of the run. */
  get all(): Record<string, string | true> {
    return Object.fromEntries(this.flags);
  }
}
