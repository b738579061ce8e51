/** Reads a Prometheus text exposition (what `/metrics` serves) for assertions on exact values. */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export class Scrape {
  constructor(readonly samples: Sample[]) {}

  static parse(text: string): Scrape {
    const samples: Sample[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '' || line.startsWith('#')) continue;
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
      if (match === null) throw new Error(`Not a Prometheus sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const label of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
        labels[label[1]] = label[2].replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));
      }
      samples.push({ name: match[1], labels, value: Number(match[3]) });
    }
    return new Scrape(samples);
  }

  /** The samples of `name` whose labels include `labels`. */
  select(name: string, labels: Record<string, string> = {}): Sample[] {
    return this.samples.filter(
      (sample) =>
        sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    );
  }

  /** The sum of the selected samples' values (0 when there are none). */
  sum(name: string, labels: Record<string, string> = {}): number {
    return this.select(name, labels).reduce((total, sample) => total + sample.value, 0);
  }

  /** The one sample of `name` with `labels`; undefined when there is none, an error when several match. */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    const selected = this.select(name, labels);
    if (selected.length > 1) {
      throw new Error(`${selected.length} samples of ${name} match ${JSON.stringify(labels)}`);
    }
    return selected[0]?.value;
  }
}

export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return Scrape.parse(await response.text());
}
