import { ApplicationFailure } from '@temporalio/common';
import { PipelineFailureType } from '../../domain/failure-types';
import type { JakamoClient } from './jakamo-client';

/**
 * The Jakamo client of each integration a worker serves, by integration id. Every activity picks
 * the client of the integration its input names, so an order is only ever read, confirmed and
 * delivered with its own integration's credentials.
 */
export class JakamoClients {
  constructor(private readonly byIntegration: ReadonlyMap<string, JakamoClient>) {}

  /** The integration's client; an integration this worker does not serve is a non-retryable failure. */
  forIntegration(integration: string): JakamoClient {
    const client = this.byIntegration.get(integration);
    if (client === undefined) {
      throw ApplicationFailure.nonRetryable(
        `This worker serves no Jakamo integration "${integration}" (it serves ${[...this.byIntegration.keys()].join(', ')}): ` +
          'add the integration to the worker configuration (JAKAMO_SO_CONFIG) and restart the worker, then retry',
        PipelineFailureType.UnknownIntegration,
      );
    }
    return client;
  }

  get integrations(): string[] {
    return [...this.byIntegration.keys()];
  }
}
