import { orderCommand } from '../../domain/commands';
import type { OrderAttention } from './state';

/**
 * What an operator can do about an attention: the advice in words, and the commands in it as
 * fields, so that the Web UI shows them as code to copy and the CLI can offer them, without
 * anyone reading them back out of the words.
 */
export type AttentionAdvice = Pick<OrderAttention, 'advice' | 'command' | 'byHandCommand'>;

/** A step failed for a cause outside the pipeline (a mapping, the ERP): fix it and run the step again. */
export function retryAdvice(orderKey: string): AttentionAdvice {
  const command = orderCommand('retry', orderKey);
  const byHandCommand = orderCommand('resolve', orderKey);
  return {
    advice: `fix the cause, then ${command}; if it was done by hand, ${byHandCommand}`,
    command,
    byHandCommand,
  };
}

/** A document we built failed our own checks: it would be built the same way again, so a new confirm replaces it. */
export function newConfirmationAdvice(orderKey: string): AttentionAdvice {
  const command = orderCommand('confirm', orderKey, '…');
  const byHandCommand = orderCommand('resolve', orderKey);
  return {
    advice: `send a new confirm from the ERP with what is missing (${command}), or if it was done by hand, ${byHandCommand}`,
    command,
    byHandCommand,
  };
}

/** A message the pipeline cannot apply by itself: done by hand, then resolved. */
export function byHandAdvice(orderKey: string): AttentionAdvice {
  const command = orderCommand('resolve', orderKey);
  return { advice: `apply it by hand in the ERP or Jakamo, then ${command}`, command };
}

/**
 * The order's own rules failed on an event (a bug). On a step's outcome, a retry once the fix is
 * deployed runs the step again; a message or an update has no step to run again: it is applied by
 * hand (or sent again), then resolved.
 */
export function afterFixAdvice(orderKey: string, retryable: boolean): AttentionAdvice {
  const resolve = orderCommand('resolve', orderKey);
  if (!retryable) {
    return {
      advice: `after the fix is deployed, send it again or apply it by hand, then ${resolve}`,
      command: resolve,
    };
  }
  const command = orderCommand('retry', orderKey);
  return {
    advice: `after the fix is deployed, ${command} (or resolve it by hand)`,
    command,
    byHandCommand: resolve,
  };
}
