/** Small helpers for the figures: rates, ratios, percentiles, fixed decimals. */

export function perSecond(count: number, milliseconds: number): number {
  return milliseconds <= 0 ? 0 : round((count * 1000) / milliseconds, 1);
}

export function ratio(measured: number, baseline: number): number {
  return baseline <= 0 ? 0 : round(measured / baseline, 3);
}

/** The p-th percentile (0–100) of `values`, nearest rank; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function round(value: number, decimals = 1): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** 1234.5 ms → "1.23 s"; 87 → "87 ms". */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
