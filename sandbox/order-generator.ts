import { SandboxControlClient } from './control-client';
import { randomInt, seededRandom } from './random';

/**
 * Places generated orders for an integration's customers at a steady pace (`npm start`,
 * `jakamo-so sandbox --generate-every`). Customers are taken in turn; line counts and line
 * contents follow from the seed, so two runs with the same seed place the same orders.
 */

export interface OrderGeneratorOptions {
  baseUrl: string;
  integrationId: string;
  customerPartyIds: string[];
  everyMs: number;
  seed?: number;
  minLines?: number;
  maxLines?: number;
  /** Stop after this many orders. Default: until stop(). */
  maxOrders?: number;
  onError?: (error: Error) => void;
}

export interface OrderGenerator {
  /** Orders placed so far. */
  readonly placed: number;
  stop(): Promise<void>;
}

export function startOrderGenerator(options: OrderGeneratorOptions): OrderGenerator {
  if (options.customerPartyIds.length === 0)
    throw new Error('the order generator needs at least one customer');
  if (!(options.everyMs > 0)) throw new Error('everyMs must be > 0');
  const client = new SandboxControlClient(options.baseUrl);
  const seed = options.seed ?? 1;
  const random = seededRandom(seed);
  const minLines = options.minLines ?? 1;
  const maxLines = options.maxLines ?? 5;
  let placed = 0;
  let stopped = false;
  let busy = false;
  let inFlight: Promise<void> = Promise.resolve();

  const placeNext = async () => {
    const customerPartyId = options.customerPartyIds[placed % options.customerPartyIds.length];
    const lines = randomInt(random, minLines, maxLines);
    await client.placeOrder(options.integrationId, {
      customerPartyId,
      lines,
      seed: seed * 1_000_003 + placed,
    });
    placed += 1;
  };

  const timer = setInterval(() => {
    if (stopped) return;
    if (options.maxOrders !== undefined && placed >= options.maxOrders) {
      clearInterval(timer);
      return;
    }
    // One order at a time: a tick that finds the previous order still in flight is skipped,
    // so a slow sandbox does not pile up requests.
    if (busy) return;
    busy = true;
    inFlight = placeNext()
      .catch((error: unknown) => {
        (options.onError ?? (() => undefined))(error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => {
        busy = false;
      });
  }, options.everyMs);

  return {
    get placed() {
      return placed;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
