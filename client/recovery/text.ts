/** Text helpers of the recovery commands' output. */

/** "1 order", "2 orders". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
