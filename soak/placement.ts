import { sha256Hex } from '../db/message-archive';
import { orderKey } from '../domain/order-key';
import type { PlacedOrder } from '../sandbox';
import { SandboxControlError, SandboxUnreachableError } from '../sandbox/control-client';
import { hostileCorpus, receivedText, type HostileMessage } from '../harness/hostile-corpus';
import type { PlacedSoakOrder } from './checks';
import { soakIntegration } from './configuration';
import { badMessagePlacement, lifecycleOf, soakCustomers, type Lifecycle } from './plan';
import { sleep, type SoakRun } from './run-state';

/**
 * The customers of the soak: its orders, one every `placeEveryMs`, each of its lifecycle's
 * customer, with the bad messages spread evenly between them; through the sandbox's control API,
 * waiting while the sandbox restarts and repeating what a fault or the restart refused.
 */

/** Bad messages from the corpus, one of each group in turn, so every group is in even a small run. */
export function pickBadMessages(count: number): HostileMessage[] {
  const groups = new Map<string, HostileMessage[]>();
  for (const message of hostileCorpus)
    groups.set(message.group, [...(groups.get(message.group) ?? []), message]);
  const picked: HostileMessage[] = [];
  for (let round = 0; picked.length < Math.min(count, hostileCorpus.length); round++) {
    for (const members of groups.values()) {
      const message = members[round];
      if (message !== undefined && picked.length < count) picked.push(message);
    }
  }
  return picked;
}

/** Places every order and bad message (until the deadline); marks the placement done however it ends. */
export async function placeOrders(run: SoakRun, bad: readonly HostileMessage[]): Promise<void> {
  const { options } = run;
  const badAfter = badMessagePlacement(options.orders, bad.length);
  let nextBad = 0;
  try {
    for (let index = 0; index < options.orders && !run.over(); index++) {
      const started = Date.now();
      run.placed.push(await placeOne(run, index));
      run.enqueued++;
      while (nextBad < bad.length && badAfter[nextBad] <= index + 1) await enqueueBad(run, bad[nextBad++]);
      await sleep(Math.max(0, options.placeEveryMs - (Date.now() - started)));
    }
    while (nextBad < bad.length && !run.over()) await enqueueBad(run, bad[nextBad++]);
  } finally {
    run.placementDone = true;
  }
}

async function placeOne(run: SoakRun, index: number): Promise<PlacedSoakOrder> {
  const { control } = run.parts;
  const lifecycle = lifecycleOf(index, run.options.shares);
  const orderNumber = `SOAK-${String(index + 1).padStart(6, '0')}`;
  for (let attempt = 1; ; attempt++) {
    await run.sandboxGate.passed();
    try {
      const order = await control.placeOrder(soakIntegration, {
        customerPartyId: soakCustomers[lifecycle],
        lines: 1 + (index % 3),
        seed: index + 1,
        orderNumber,
      });
      return toPlaced(run, index, lifecycle, order);
    } catch (error) {
      // An earlier attempt whose answer was lost did place it.
      if (error instanceof SandboxControlError && error.httpStatus === 409) {
        const found = (await control.listOrders(soakIntegration)).find(
          (order) => order.orderNumber === orderNumber,
        );
        if (found !== undefined) return toPlaced(run, index, lifecycle, found);
      }
      if (attempt >= 30 || run.over()) throw error;
      await sleep(500);
    }
  }
}

function toPlaced(run: SoakRun, index: number, lifecycle: Lifecycle, order: PlacedOrder): PlacedSoakOrder {
  const entry: PlacedSoakOrder = {
    index,
    jakamoOrderNumber: order.jakamoOrderNumber,
    orderNumber: order.orderNumber,
    key: orderKey({
      integration: soakIntegration,
      buyerPartyId: order.buyerPartyId,
      orderNumber: order.orderNumber,
    }),
    lifecycle,
  };
  run.byKey.set(entry.key, entry);
  return entry;
}

async function enqueueBad(run: SoakRun, message: HostileMessage): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await run.sandboxGate.passed();
    try {
      await run.parts.control.enqueueRaw(soakIntegration, message.body);
      run.badMessages.push({ name: message.name, sha256: sha256Hex(receivedText(message.body)) });
      run.enqueued++;
      return;
    } catch (error) {
      // Only a refused connection surely did not enqueue it (anything else might have: not retried).
      const refused = error instanceof SandboxUnreachableError && /ECONNREFUSED/.test(error.message);
      if (!refused || attempt >= 30 || run.over()) throw error;
      await sleep(500);
    }
  }
}
