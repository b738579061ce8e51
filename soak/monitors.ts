import { soakIntegration } from './configuration';
import { sleep, type Sample, type SoakRun } from './run-state';

/**
 * What the soak watches while it runs, for its report: Jakamo's counters over time (how long the
 * pipeline took to move again after each event), when the steps in flight at a kill were all
 * answered, and a progress line every 15 seconds.
 */

/** The time after `at` when acknowledgements and Jakamo's documents had both moved again. */
export function resumedAt(samples: readonly Sample[], at: number): number | undefined {
  // The first sample taken once the part was back: what moved after it was done by the new part.
  const base = samples.find((sample) => sample.t >= at);
  if (base === undefined) return undefined;
  return samples.find(
    (sample) =>
      sample.t > base.t && sample.acknowledged > base.acknowledged && sample.documents > base.documents,
  )?.t;
}

/** Every half second, Jakamo's counters (not while the sandbox restarts). */
export function sampleJakamo(run: SoakRun): Promise<void> {
  return run.everyUntilFinished(500, async () => {
    if (run.sandboxGate.closed) return;
    try {
      const stats = (await run.parts.control.stats()).integrations[soakIntegration];
      if (stats !== undefined)
        run.samples.push({
          t: run.now(),
          acknowledged: stats.acknowledged,
          documents: stats.confirmations + stats.orderResponses + stats.statusMessages,
        });
    } catch {
      // the sandbox is restarting
    }
  });
}

/** Every second, whether the steps in flight at each event have all been answered. */
export function trackStepsInFlight(run: SoakRun): Promise<void> {
  return run.everyUntilFinished(1000, async () => {
    for (const [event, steps] of run.stepsInFlight) {
      if (event.inFlightDoneAt !== undefined || steps.length === 0) continue;
      try {
        const open = await run.parts.db
          .selectFrom('outbound_documents')
          .select(['order_key', 'effect_id'])
          .where('status', '=', 'sending')
          .execute();
        const stillOpen = new Set(open.map((row) => `${row.order_key}|${row.effect_id}`));
        if (steps.every((step) => !stillOpen.has(`${step.orderKey}|${step.effectId}`)))
          event.inFlightDoneAt = run.now();
      } catch {
        // the database is busy: next round
      }
    }
  });
}

/** A progress line every 15 seconds until the run is finished. */
export async function logProgress(run: SoakRun): Promise<void> {
  while (!run.finished) {
    for (let waited = 0; waited < 15_000 && !run.finished; waited += 500) await sleep(500);
    if (run.finished) break;
    const last = run.samples[run.samples.length - 1];
    run.logAtNow(
      `placed ${run.placed.length}/${run.options.orders} · bad ${run.badMessages.length} · ` +
        `acknowledged ${last?.acknowledged ?? '?'} · Jakamo documents ${last?.documents ?? '?'} · ` +
        `kills ${run.kills} · events ${run.events.length} · ERP updates ${run.erpUpdates}`,
    );
  }
}
