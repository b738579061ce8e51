import { z } from 'zod';
import { seededRandom, type Random } from './random';
import type { SandboxFaults } from './types';

/**
 * Fault injection for one integration: what a flaky network and a struggling Jakamo do to a
 * client. The dice are seeded so that a failing run can be repeated.
 */

export const noFaults: SandboxFaults = {
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  dropRate: 0,
  lostAckRate: 0,
  lostAnswerRate: 0,
  loseNextAcks: 0,
  dropNextAcks: 0,
  loseNextAnswers: 0,
  holdNextDocuments: 0,
  answerDelayMs: 0,
  refuseNextDocuments: [],
  maxBodyBytes: 0,
  seed: 1,
};

/**
 * A partial `SandboxFaults` as the control API, the CLI (`--faults`) and the integration
 * configuration (`faults`) take it: unknown keys are refused, so a misspelt fault never
 * silently does nothing.
 */
export const faultsSchema = z
  .object({
    latencyMs: z.number().min(0),
    jitterMs: z.number().min(0),
    errorRate: z.number().min(0).max(1),
    dropRate: z.number().min(0).max(1),
    lostAckRate: z.number().min(0).max(1),
    lostAnswerRate: z.number().min(0).max(1),
    loseNextAcks: z.number().int().min(0),
    dropNextAcks: z.number().int().min(0),
    loseNextAnswers: z.number().int().min(0),
    holdNextDocuments: z.number().int().min(0),
    answerDelayMs: z.number().min(0),
    refuseNextDocuments: z.array(z.string().min(1)).max(100),
    maxBodyBytes: z.number().int().min(0),
    seed: z.number().int(),
  })
  .partial()
  .strict();

/** Reads fault settings (JSON text or an object); the error names each wrong key. */
export function parseFaults(value: unknown, where: string): Partial<SandboxFaults> {
  let input = value;
  if (typeof value === 'string') {
    try {
      input = JSON.parse(value) as unknown;
    } catch (error) {
      throw new Error(`${where}: not JSON (${(error as Error).message})`);
    }
  }
  const result = faultsSchema.safeParse(input);
  if (!result.success) {
    throw new Error(
      `${where}: ${result.error.issues.map((i) => `${i.path.join('.') || '(faults)'}: ${i.message}`).join('; ')}`,
    );
  }
  return result.data;
}

export type FaultDecision = 'drop' | 'error' | 'none';

const rates = ['errorRate', 'dropRate', 'lostAckRate', 'lostAnswerRate'] as const;
const counts = [
  'latencyMs',
  'jitterMs',
  'loseNextAcks',
  'dropNextAcks',
  'loseNextAnswers',
  'holdNextDocuments',
  'answerDelayMs',
  'maxBodyBytes',
] as const;

export class FaultInjector {
  private faults: SandboxFaults = { ...noFaults };
  private random: Random = seededRandom(noFaults.seed);

  get current(): SandboxFaults {
    return { ...this.faults, refuseNextDocuments: [...this.faults.refuseNextDocuments] };
  }

  /** Called before a supplier document is processed: the error text to refuse it with, if any. */
  refuseThisDocument(): string | undefined {
    const [next, ...rest] = this.faults.refuseNextDocuments;
    if (next === undefined) return undefined;
    this.faults.refuseNextDocuments = rest;
    return next;
  }

  /** Merges a partial update; a new seed restarts the dice. */
  update(change: Partial<SandboxFaults>): SandboxFaults {
    const next = {
      ...this.faults,
      ...change,
      refuseNextDocuments: [...(change.refuseNextDocuments ?? this.faults.refuseNextDocuments)],
    };
    for (const rate of rates) {
      if (!(next[rate] >= 0 && next[rate] <= 1)) throw new RangeError(`${rate} must be between 0 and 1`);
    }
    for (const count of counts) {
      if (!(Number.isFinite(next[count]) && next[count] >= 0))
        throw new RangeError(`${count} must be a number >= 0`);
    }
    if (!Number.isFinite(next.seed)) throw new RangeError('seed must be a number');
    this.faults = next;
    if (change.seed !== undefined) this.random = seededRandom(change.seed);
    return this.current;
  }

  /** Latency for this request: latencyMs plus uniform jitter in [0, jitterMs]. */
  delayMs(): number {
    if (this.faults.latencyMs === 0 && this.faults.jitterMs === 0) return 0;
    return this.faults.latencyMs + Math.floor(this.random() * (this.faults.jitterMs + 1));
  }

  /** Whether the request is dropped, answered with 500, or served. */
  decide(): FaultDecision {
    if (this.faults.dropRate > 0 && this.random() < this.faults.dropRate) return 'drop';
    if (this.faults.errorRate > 0 && this.random() < this.faults.errorRate) return 'error';
    return 'none';
  }

  /** Called before an acknowledgement is processed: true = destroy the connection, the message stays queued. */
  dropThisAck(): boolean {
    if (this.faults.dropNextAcks > 0) {
      this.faults.dropNextAcks -= 1;
      return true;
    }
    return false;
  }

  /** Called after an acknowledgement was processed: true = destroy the connection instead of answering. */
  loseThisAck(): boolean {
    if (this.faults.loseNextAcks > 0) {
      this.faults.loseNextAcks -= 1;
      return true;
    }
    return this.faults.lostAckRate > 0 && this.random() < this.faults.lostAckRate;
  }

  /**
   * Called after a confirmation, OrderResponse or PUT was processed: true = destroy the
   * connection instead of answering (`loseNextAnswers` first, then the `lostAnswerRate` dice).
   */
  loseThisAnswer(): boolean {
    if (this.faults.loseNextAnswers > 0) {
      this.faults.loseNextAnswers -= 1;
      return true;
    }
    return this.faults.lostAnswerRate > 0 && this.random() < this.faults.lostAnswerRate;
  }

  /** Called before a confirmation, OrderResponse or PUT is processed: true = hold it until its client goes. */
  holdThisDocument(): boolean {
    if (this.faults.holdNextDocuments > 0) {
      this.faults.holdNextDocuments -= 1;
      return true;
    }
    return false;
  }

  /** How long the answer to a processed confirmation, OrderResponse or PUT waits before it is sent. */
  answerDelay(): number {
    return this.faults.answerDelayMs;
  }
}
