import { intakeCommand } from '../domain/commands';
import type { IntakeState } from './intake-messages';
import { markdownCode, markdownTable, markdownText, shorten } from './markdown';

/**
 * What the Temporal Web UI shows of a queue intake (pure; rendered by the intake workflow
 * whenever its state changes): running or paused and why, the last drain, the totals, and the
 * attention with the command that answers it.
 */

export function intakeDetails(state: IntakeState, options: { pollIntervalMs: number }): string {
  const sections = [statusLine(state, options.pollIntervalMs)];
  sections.push(
    state.lastDrainAt === undefined
      ? 'No drain finished yet.'
      : `Last drain ${when(state.lastDrainAt)} · ${state.drains} drain${state.drains === 1 ? '' : 's'} since this run started`,
  );
  const totals = state.totals;
  sections.push(
    markdownTable(
      ['received', 'redelivered', 'handed off', 'quarantined', 'acknowledged'],
      [
        [totals.received, totals.redelivered, totals.handedOff, totals.quarantined, totals.acknowledged].map(
          String,
        ),
      ],
    ),
  );
  if (state.attention !== undefined) {
    sections.push(
      [
        `**Needs attention** since ${when(state.attention.since)}: ${markdownCode(state.attention.errorType)}`,
        `> ${markdownText(shorten(state.attention.reason, 500))}`,
        `What to do: fix the cause (for credentials, the integration's password), then ${markdownCode(intakeCommand(state.integration, 'resume'))}`,
      ].join('\n\n'),
    );
  } else if (state.lastError !== undefined) {
    sections.push(`Last drain interrupted by: ${markdownText(shorten(state.lastError, 300))}`);
  }
  return sections.join('\n\n');
}

function statusLine(state: IntakeState, pollIntervalMs: number): string {
  const integration = markdownText(state.integration);
  if (state.paused) {
    return `**Paused** — ${markdownText(state.pausedBecause ?? 'paused by an operator')}; resume with ${markdownCode(intakeCommand(state.integration, 'resume'))} (integration ${integration})`;
  }
  return `**Running** — drains Jakamo's queue of integration ${integration}, polls every ${seconds(pollIntervalMs)} when it is empty`;
}

const when = (iso: string): string => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
