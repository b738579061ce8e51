import { Context } from '@temporalio/activity';

/**
 * Keeps an activity heartbeating while it waits (for example on an HTTP request), so that when
 * the worker dies Temporal notices within the heartbeat timeout and retries on another worker in
 * seconds, instead of after the start-to-close timeout.
 */
export async function whileHeartbeating<T>(run: () => Promise<T>, everyMs = 2000): Promise<T> {
  const context = Context.current();
  // No heartbeat at the start: the heartbeat timeout already counts from the activity's start,
  // and most requests are answered long before the first interval, which saves the Temporal
  // server a write per request.
  const timer = setInterval(() => context.heartbeat(), everyMs);
  try {
    return await run();
  } finally {
    clearInterval(timer);
  }
}
