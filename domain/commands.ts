/**
 * The `jakamo-so` commands the product tells people to type — in an attention's advice, the Web
 * UI's details, the CLI's and the API's errors — written in one place, so that every hint names
 * a command that exists, quoted the same way.
 */

export type OrderVerb = 'confirm' | 'deliver' | 'retry' | 'resolve' | 'show' | 'replay' | 'reset';

/** `jakamo-so order <verb> '<key>'`, then `rest` (further options, or `…` for a command to complete). */
export function orderCommand(verb: OrderVerb, orderKey: string, rest?: string): string {
  return `jakamo-so order ${verb} '${orderKey}'${rest === undefined ? '' : ` ${rest}`}`;
}

/** `jakamo-so quarantine <verb> <message id>`. */
export function quarantineCommand(verb: 'show' | 'reprocess' | 'discard', messageId: string): string {
  return `jakamo-so quarantine ${verb} ${messageId}`;
}

/** The operator command for an intake (the CLI picks the integration from JAKAMO_INTEGRATION). */
export function intakeCommand(integration: string, verb: 'resume' | 'poll-now' | 'status'): string {
  return `JAKAMO_INTEGRATION=${integration} jakamo-so intake ${verb}`;
}
