/**
 * Named points in the activities where a test (or a soak) can make the worker die on purpose
 * (`JAKAMO_SO_TEST_CRASH_AT`), to prove that a step interrupted exactly there is neither lost nor
 * done twice. Unset in production: the check is a string comparison.
 */
export type CrashPoint = 'outbound-answer-recorded' | 'outbound-sending-recorded';

export function crashIfAskedAt(configured: string | undefined, point: CrashPoint): void {
  if (configured !== point) return;
  // SIGKILL: no clean-up, no flush, exactly what a power cut or an OOM kill does.
  process.kill(process.pid, 'SIGKILL');
}
