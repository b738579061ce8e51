import type { PlacedOrder, SandboxControlClient, SandboxIntegrationStats } from '../../sandbox';
import type { BenchIntegration } from './environment';
import { sleep } from './figures';

/**
 * Places `count` one-line orders in an integration's queue through the sandbox's control API,
 * a few at a time, alternating its two customers. Resolves with them in placement order.
 */
export async function placeOrders(
  control: SandboxControlClient,
  integration: BenchIntegration,
  count: number,
  concurrency = 8,
): Promise<PlacedOrder[]> {
  const placed: PlacedOrder[] = new Array<PlacedOrder>(count);
  let next = 0;
  const placeNext = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      placed[index] = await control.placeOrder(integration.id, {
        customerPartyId: integration.customers[index % 2],
        lines: 1,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, placeNext));
  return placed;
}

export async function integrationStats(
  control: SandboxControlClient,
  integration: BenchIntegration,
): Promise<SandboxIntegrationStats> {
  const stats = (await control.stats()).integrations[integration.id];
  if (stats === undefined) throw new Error(`the sandbox has no integration ${integration.id}`);
  return stats;
}

/**
 * Polls the sandbox's counters for the integration until `done` says so; resolves with the time
 * it first did (ms since the epoch), or undefined when the deadline passed first.
 */
export async function waitForStats(
  control: SandboxControlClient,
  integration: BenchIntegration,
  done: (stats: SandboxIntegrationStats) => boolean,
  { timeoutMs, intervalMs = 50 }: { timeoutMs: number; intervalMs?: number },
): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (done(await integrationStats(control, integration))) return Date.now();
    if (Date.now() > deadline) return undefined;
    await sleep(intervalMs);
  }
}

/** A generous bound on how long `count` orders may take: a stuck run fails its checks instead of hanging. */
export function patienceMs(count: number, slowestPerSecond = 2): number {
  return 120_000 + (count / slowestPerSecond) * 1000;
}
