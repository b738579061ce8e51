/**
 * Progress of a command that works through many orders, on stderr (stdout keeps the summary):
 * a bar redrawn in place on a terminal, one plain line per item otherwise (logs, CI, pipes).
 */
export interface Progress {
  start(total: number, what: string): void;
  /** One item done; `line` says what became of it. */
  tick(line: string): void;
  finish(): void;
}

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export function progressOn(stream: ProgressStream = process.stderr): Progress {
  let total = 0;
  let done = 0;
  let what = '';
  const width = 24;
  const bar = (line: string) => {
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const head = `${what} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} `;
    const room = Math.max(0, (stream.columns ?? 100) - head.length - 1);
    return `\r${head}${line.slice(0, room)}`.padEnd((stream.columns ?? 100) - 1);
  };
  return {
    start(count, label) {
      total = count;
      done = 0;
      what = label;
      if (stream.isTTY === true) stream.write(bar(''));
      else stream.write(`${label}: ${count}\n`);
    },
    tick(line) {
      done++;
      if (stream.isTTY === true) stream.write(bar(line));
      else stream.write(`${what} ${done}/${total} ${line}\n`);
    },
    finish() {
      if (stream.isTTY === true) stream.write('\n');
    },
  };
}

/** No progress at all (tests, --json). */
export const silentProgress: Progress = {
  start: () => undefined,
  tick: () => undefined,
  finish: () => undefined,
};
