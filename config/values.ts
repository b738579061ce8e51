/** Value rules shared by the environment variables and the configuration file. */

const durationPattern = /^(\d+)(ms|s|m|h|d)?$/;
const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "500ms", "10s", "5m", "2h", "30d" or plain milliseconds → milliseconds. */
export function parseDuration(text: string): number {
  const match = durationPattern.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration: use for example 500ms, 10s, 5m, 2h or 30d`);
  const unit = (match[2] ?? 'ms') as keyof typeof unitMs;
  return Number(match[1]) * unitMs[unit];
}

/** An integration id names a credential set and its queue; it is part of every order key. */
export const integrationIdPattern = /^[A-Za-z0-9._-]+$/;
export const integrationIdMessage = 'may contain letters, digits, ".", "_" and "-" only';
