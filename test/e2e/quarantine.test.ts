import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { RecoveryRefused } from '../../client/recovery/context';
import { replayOrder } from '../../client/recovery/order-replay';
import {
  discardQuarantined,
  formatQuarantined,
  reprocessQuarantined,
  showQuarantined,
} from '../../client/recovery/quarantine';
import { MessageArchive } from '../../db/message-archive';
import { OperatorActions } from '../../db/operator-actions';
import { keyOf, orderHandle, settledIn, untilOrder } from '../support/orders';
import { startPipeline, type PipelineUnderTest } from '../support/pipeline';
import { jakamoSoAgainst, recoveryContext } from '../support/recovery';
import { eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';

/**
 * Quarantine reprocess and discard end to end (docs/operations.md, "Recovery"): messages the
 * intake could not hand to an order, handed over after a fix or closed with a reason.
 */
const testbed = devServerTestbed();

async function withPipeline(run: (pipeline: PipelineUnderTest, databaseFile: string) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-quarantine-'));
  const databaseFile = path.join(dir, 'connector.sqlite');
  const pipeline = await startPipeline(testbed.env, testbed.workflowBundle, {
    orders: { confirmationPolicy: 'auto' },
    database: { kind: 'sqlite', file: databaseFile },
  });
  try {
    await pipeline.startIntake();
    await run(pipeline, databaseFile);
  } finally {
    await pipeline.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const refusedWith = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof RecoveryRefused, String(error));
  assert.match(error.message, pattern);
  return true;
};

function openQuarantine(pipeline: PipelineUnderTest, count: number) {
  return eventually(`${count} quarantined message(s)`, async () => {
    const messages = await new MessageArchive(pipeline.db).listOpenQuarantine(pipeline.integration);
    return messages.length === count ? messages : undefined;
  });
}

void describe('quarantine: reprocess after a fix, discard with a reason (dev server, sandbox, SQLite)', () => {
  void test('a change for a terminated order is quarantined, refused until the order is replayed, then reprocessed into it', async () => {
    await withPipeline(async (pipeline, databaseFile) => {
      const context = recoveryContext(testbed.env, pipeline);
      const placed = await pipeline.control.placeOrder(pipeline.integration, {
        customerPartyId: pipeline.customers[0],
        lines: 2,
        seed: 71,
      });
      const key = keyOf(pipeline, placed);
      const handle = orderHandle(testbed.env, pipeline, placed);
      await untilOrder(handle, 'confirmed', settledIn('Confirmed'));
      await handle.terminate('terminated by mistake (test)');

      await pipeline.control.changeOrder(placed.jakamoOrderNumber, {
        lines: [{ lineId: '1', quantity: '7' }],
      });
      const [message] = await openQuarantine(pipeline, 1);
      assert.match(message.error ?? '', /has finished/);
      const id = message.sha256.slice(0, 12);

      const shown = await showQuarantined(context, id);
      assert.deepEqual(shown.routing, { orderKey: key, kind: 'OrderChange' });
      const text = formatQuarantined(shown);
      assert.match(text, /reason\s+order .* has finished/);
      assert.match(text, /Content\n<\?xml[\s\S]*OrderChange/);
      const listed = await jakamoSoAgainst(pipeline, databaseFile, 'quarantine');
      assert.equal(listed.code, 0, listed.stderr);
      assert.ok(listed.stdout.includes(id), listed.stdout);
      const cliShow = await jakamoSoAgainst(pipeline, databaseFile, 'quarantine', 'show', id);
      assert.equal(cliShow.code, 0, cliShow.stderr);
      assert.ok(cliShow.stdout.includes(`routes to        ${key} (OrderChange)`), cliShow.stdout);

      // Not fixed yet: the order's workflow has ended, so the message stays where it is.
      await assert.rejects(
        reprocessQuarantined(context, id, { reason: 'try' }),
        refusedWith(/stays quarantined: .*has finished.*replay it first \(jakamo-so order replay/),
      );
      assert.equal(
        (await new MessageArchive(pipeline.db).listOpenQuarantine(pipeline.integration)).length,
        1,
      );

      // The fix: the order gets a fresh workflow; the replay names the message to reprocess.
      const replayed = await replayOrder(context, key, { reason: 'terminated by mistake' });
      assert.deepEqual(
        replayed.quarantined.map((entry) => entry.id),
        [message.sha256],
      );
      const reprocessed = await reprocessQuarantined(context, id, { reason: 'order replayed' });
      assert.deepEqual(reprocessed, { id: message.sha256, orderKey: key, kind: 'OrderChange' });
      const changed = await untilOrder(
        handle,
        'the change applied and confirmed again',
        (state) => settledIn('Confirmed')(state) && state.lastSequenceNumber === '1',
      );
      assert.equal(changed.lines[0].requested.quantity, '7');
      assert.deepEqual(
        changed.documents.map((document) => [document.kind, document.outcome]),
        [
          ['Order', 'applied'],
          ['OrderChange', 'applied'],
        ],
      );
      const row = await new MessageArchive(pipeline.db).get(pipeline.integration, message.sha256);
      assert.deepEqual(
        [row.status, row.order_key, row.resolution, row.resolution_reason],
        ['acknowledged', key, 'reprocessed', 'order replayed'],
      );
      await assert.rejects(reprocessQuarantined(context, id), refusedWith(/already reprocessed/));

      const actions = await new OperatorActions(pipeline.db).listForTarget(message.sha256);
      assert.deepEqual(
        actions.map((action) => [action.action, action.outcome, action.reason]),
        [
          ['quarantine.reprocess', 'refused', 'try'],
          ['quarantine.reprocess', 'done', 'order replayed'],
        ],
      );
      assert.equal(
        (await pipeline.control.getOrder(placed.jakamoOrderNumber)).confirmations,
        2,
        'the order, then its change',
      );
    });
  });

  void test('a malformed message cannot be reprocessed; a discard needs a reason and is kept with the message', async () => {
    await withPipeline(async (pipeline, databaseFile) => {
      const context = recoveryContext(testbed.env, pipeline);
      await pipeline.control.enqueueRaw(pipeline.integration, '<Order><broken');
      const [message] = await openQuarantine(pipeline, 1);
      const id = message.sha256.slice(0, 12);

      await assert.rejects(
        reprocessQuarantined(context, id),
        refusedWith(/still cannot be routed \(malformed/),
      );
      await assert.rejects(discardQuarantined(context, id, {}), refusedWith(/A discard needs a reason/));
      await assert.rejects(discardQuarantined(context, id, { reason: '   ' }), refusedWith(/needs a reason/));
      const cliRefused = await jakamoSoAgainst(pipeline, databaseFile, 'quarantine', 'discard', id);
      assert.equal(cliRefused.code, 1);
      assert.match(cliRefused.stderr, /A discard needs a reason/);
      assert.equal(
        (await new MessageArchive(pipeline.db).listOpenQuarantine(pipeline.integration)).length,
        1,
      );

      const cli = await jakamoSoAgainst(
        pipeline,
        databaseFile,
        'quarantine',
        'discard',
        id,
        '--reason',
        'a test message, never a real order',
      );
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(cli.stdout, new RegExp(`Discarded: ${id}`));
      const row = await new MessageArchive(pipeline.db).get(pipeline.integration, message.sha256);
      assert.deepEqual(
        [row.status, row.resolution, row.resolution_reason],
        ['quarantined', 'discarded', 'a test message, never a real order'],
      );
      await assert.rejects(
        discardQuarantined(context, id, { reason: 'again' }),
        refusedWith(/already discarded at .* \(a test message, never a real order\)/),
      );
      const open = await jakamoSoAgainst(pipeline, databaseFile, 'quarantine');
      assert.match(open.stdout, /No quarantined messages\./);
      const all = await jakamoSoAgainst(pipeline, databaseFile, 'quarantine', '--all');
      assert.match(all.stdout, new RegExp(`${id}\\s+discarded\\s+malformed`));

      const actions = await new OperatorActions(pipeline.db).listForTarget(message.sha256);
      assert.deepEqual(
        actions.map((action) => [action.action, action.outcome]),
        [
          ['quarantine.reprocess', 'refused'],
          ['quarantine.discard', 'done'],
        ],
      );
      assert.match(
        formatQuarantined(await showQuarantined(context, id)),
        /quarantine\.discard\s+done\s+by \S+: a test message/,
      );
    });
  });
});
