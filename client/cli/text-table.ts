/**
 * Rows as columns padded to their widest cell (the last column is not padded), each line indented:
 * the CLI's tables for people (scripts use `--json`).
 */
export function formatTable(rows: string[][], indent = '  '): string[] {
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
