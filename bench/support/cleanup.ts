/**
 * What a benchmark started and must stop even when the run is interrupted (Ctrl-C) or fails:
 * child processes above all, which would otherwise outlive the run and load the machine.
 */
const stoppers = new Set<() => Promise<void>>();

/** Registers a stop function; call the returned function once it has been stopped the normal way. */
export function onCleanup(stop: () => Promise<void>): () => void {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

/** Stops everything still registered, newest first. */
export async function cleanUpAll(): Promise<void> {
  for (const stop of [...stoppers].reverse()) {
    stoppers.delete(stop);
    await stop().catch((error: unknown) => console.error('cleanup:', error));
  }
}
