import type { CustomerTerms } from './customer-terms';
import type { Secret } from './secret';

/**
 * How one integration's intake and its requests are timed: the configuration file's own values,
 * else JAKAMO_POLL_INTERVAL, JAKAMO_DRAIN_BUDGET and JAKAMO_HTTP_TIMEOUT.
 */
export interface IntegrationTimings {
  /** How long the intake sleeps when the queue is empty. */
  pollIntervalMs: number;
  /** How long one drain activity may run before handing back. */
  drainBudgetMs: number;
  /** The timeout of one request to Jakamo. */
  httpTimeoutMs: number;
}

/**
 * One Jakamo integration the worker serves: a credential set and its queue, with its own intake
 * (`intake:{id}`). The same shape from the settings through the pipeline service and the worker to
 * the Jakamo client. The credentials stay Secrets until the worker builds the client's Basic auth
 * (worker/create-worker.ts; the log scrubber, worker/logger.ts, is the only other reader), so that
 * an integration logged by accident shows where they come from, never them.
 */
export interface JakamoIntegration extends IntegrationTimings {
  /** Names the credential set (one queue); part of every order's workflow id. */
  id: string;
  baseUrl: string;
  username: Secret;
  password: Secret;
  /** Customers of this integration whose orders are set up otherwise than the global customer map says. */
  customers: Record<string, CustomerTerms>;
}

/**
 * The integration `jakamo-so start` runs the embedded sandbox as, when none is configured: all of
 * it but where Jakamo is and the credentials, which the sandbox gives when it starts.
 */
export type EmbeddedSandboxIntegration = Omit<JakamoIntegration, 'baseUrl' | 'username' | 'password'>;
