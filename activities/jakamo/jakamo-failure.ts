import { ApplicationFailure } from '@temporalio/common';
import { JakamoApiError } from './jakamo-errors';

/**
 * Jakamo errors leave an activity as ApplicationFailures whose `type` is the error class,
 * non-retryable where a retry cannot help; anything else is rethrown as it is (retried).
 */
export function toApplicationFailure(error: unknown): unknown {
  if (error instanceof JakamoApiError) {
    return ApplicationFailure.create({
      type: error.type,
      message: error.message,
      nonRetryable: !error.retryable,
      details: [{ status: error.status, jakamoErrors: error.jakamoErrors }],
    });
  }
  return error;
}
