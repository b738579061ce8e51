/** Text helpers of the recovery commands' output. */

/** Rows as columns padded to their widest cell (the last column is not padded), each line indented. */
export function columns(rows: string[][], indent = '  '): string[] {
  if (rows.length === 0) return [];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
        .join('  ')
        .trimEnd(),
  );
}

/** "1 order", "2 orders". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
