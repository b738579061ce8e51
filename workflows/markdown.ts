/**
 * Small pure helpers for the markdown the workflows show in the Temporal Web UI (their current
 * details). Text from outside (Jakamo's words, item names) is escaped so it reads as written.
 */

/** One line of plain text: markdown's active characters escaped, line breaks folded. */
export function markdownText(text: string): string {
  return markdownInline(text).trim();
}

/** Like `markdownText`, keeping the spaces at either end (for a part of a line). */
export function markdownInline(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

/** Inline code; backticks inside become quotes (a command never contains one). */
export function markdownCode(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;
}

/** A table with a header row; cells are already markdown (a `|` inside must be escaped). */
export function markdownTable(header: string[], rows: string[][]): string {
  const row = (cells: string[]) => `| ${cells.map((cell) => (cell === '' ? ' ' : cell)).join(' | ')} |`;
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

/** Text shortened to `max` characters with an ellipsis (long reasons stay readable). */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
