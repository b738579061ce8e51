import type { SandboxIntegrationStats } from '../sandbox';
import { verdictLine, type SoakCheck } from './checks';

/** The soak's printed report: what was injected, the events and how long recovery took, the checks, the verdict. */

/** One disruption and how the pipeline came back from it (times in ms since the soak started). */
export interface SoakEventRecord {
  number: number;
  what: string;
  startedAt: number;
  /** The disrupted part back: the next worker started, the server answering again. */
  backAt: number | undefined;
  /** The queue (acknowledgements) and Jakamo's documents (confirmations, deliveries) both moved again after `backAt`. */
  resumedAt: number | undefined;
  /** Steps in flight (recorded as sending) when the worker died: `order key · kind`. */
  inFlight: string[];
  /** All of them answered. */
  inFlightDoneAt: number | undefined;
  note: string | undefined;
}

export interface SoakReportInput {
  dir: string;
  durationMs: number;
  orders: number;
  byLifecycle: Record<string, number>;
  badMessages: number;
  faults: string;
  injected: SandboxIntegrationStats | undefined;
  kills: number;
  workersStarted: number;
  events: SoakEventRecord[];
  check: SoakCheck;
}

export function seconds(ms: number | undefined): string {
  return ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;
}

export function clock(ms: number): string {
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export function formatReport(input: SoakReportInput): string {
  const { injected } = input;
  const lines: string[] = [];
  lines.push(
    `soak: ${input.orders} orders (${Object.entries(input.byLifecycle)
      .map(([lifecycle, n]) => `${n} ${lifecycle}`)
      .join(
        ', ',
      )}), ${input.badMessages} bad messages, ${clock(input.durationMs)} (${seconds(input.durationMs)})`,
  );
  lines.push(`folder: ${input.dir}`);
  lines.push(`faults: ${input.faults}`);
  if (injected !== undefined) {
    lines.push(
      `injected by the sandbox: ${injected.injectedErrors} × 500, ${injected.droppedConnections} dropped connections, ` +
        `${injected.lostAcks} lost acknowledgements, ${injected.lostAnswers} lost answers; ` +
        `${injected.delivered} queue deliveries for ${injected.acknowledged + injected.queued} messages ` +
        `(${injected.delivered - injected.acknowledged - injected.queued} redeliveries)`,
    );
  }
  lines.push(`worker: ${input.kills} SIGKILLs, ${input.workersStarted} worker processes started`);
  lines.push('');
  lines.push(
    'events (time since start; recovered = until acknowledgements and Jakamo documents both moved again):',
  );
  lines.push(
    ...table(
      ['#', 'at', 'down', 'recovered', 'in-flight done', 'event'],
      input.events.map((event) => [
        String(event.number),
        clock(event.startedAt),
        seconds(event.backAt === undefined ? undefined : event.backAt - event.startedAt),
        seconds(event.resumedAt === undefined ? undefined : event.resumedAt - event.startedAt),
        event.inFlight.length === 0
          ? '—'
          : `${event.inFlight.length} in ${seconds(event.inFlightDoneAt === undefined ? undefined : event.inFlightDoneAt - event.startedAt)}`,
        event.what + (event.note === undefined ? '' : ` (${event.note})`),
      ]),
    ).map((line) => `  ${line}`),
  );
  lines.push('');
  lines.push('checks:');
  lines.push(
    ...table(
      ['', 'check', 'facts'],
      input.check.rows.map((row) => [row.ok ? 'ok' : 'FAIL', row.check, row.detail]),
    ).map((line) => `  ${line}`),
  );
  if (input.check.findings.length > 0) {
    lines.push('');
    lines.push(`findings (${input.check.findings.length}, first 40):`);
    for (const finding of input.check.findings.slice(0, 40))
      lines.push(`  ${finding.category}  ${finding.subject}: ${finding.what}`);
  }
  lines.push('');
  lines.push(verdictLine(input.check.verdict));
  return lines.join('\n');
}
