import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sha256Hex } from '../../db/message-archive';
import type { InboundMessage } from '../../db/schema';
import { orderKey } from '../../domain/order-key';
import { buildStatusMessage } from '../../ubl/build-status-message';
import { orderStateQuery } from '../../workflows/order/messages';
import { startPipeline, type PipelineUnderTest } from '../support/pipeline';
import { fixture } from '../../harness/ubl-examples';
import { eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';

const testbed = devServerTestbed();

/** basic-order.xml with an element UBL 2.1 does not have: the codec reads it, the XSD refuses it. */
const invalidOrder = fixture('basic-order.xml')
  .replace('<cbc:ID>PO-4711</cbc:ID>', '<cbc:ID>PO-INVALID-1</cbc:ID>')
  .replace('<cbc:Note>Deliver to the back door</cbc:Note>', '<cbc:Colour>red</cbc:Colour>');
const validOrder = fixture('basic-order.xml').replace(
  '<cbc:ID>PO-4711</cbc:ID>',
  '<cbc:ID>PO-VALID-1</cbc:ID>',
);
const buyerPartyId = 'FI-BUYER-7';

/** Waits until the intake has dealt with the message (handed off or quarantined) and returns its archive row. */
async function archived(pipeline: PipelineUnderTest, xml: string): Promise<InboundMessage> {
  return eventually('the message to be archived and dealt with', async () => {
    const row = await pipeline.db
      .selectFrom('inbound_messages')
      .selectAll()
      .where('integration', '=', pipeline.integration)
      .where('sha256', '=', sha256Hex(xml))
      .executeTakeFirst();
    return row !== undefined && row.status !== 'received' && row.acknowledged_at !== null ? row : undefined;
  });
}

function orderHandle(pipeline: PipelineUnderTest, orderNumber: string) {
  return testbed.env.client.workflow.getHandle(
    orderKey({ integration: pipeline.integration, buyerPartyId, orderNumber }),
  );
}

/** The order's entry for its Order document, once the order workflow has taken it. */
async function orderDocumentEntry(pipeline: PipelineUnderTest, orderNumber: string) {
  return eventually('the order to record its Order document', async () => {
    const state = await orderHandle(pipeline, orderNumber)
      .query(orderStateQuery)
      .catch(() => undefined);
    return state?.documents.find((document) => document.kind === 'Order');
  });
}

void describe('inbound XSD validation (UBL_INBOUND_VALIDATION)', () => {
  void test('warn: an invalid Order is imported all the same; its problems are on the archive row and the order', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle, { inboundValidation: 'warn' });
    try {
      await pipeline.control.enqueueRaw(pipeline.integration, invalidOrder);
      await pipeline.control.enqueueRaw(pipeline.integration, validOrder);
      await pipeline.startIntake();

      const invalidRow = await archived(pipeline, invalidOrder);
      assert.equal(invalidRow.status, 'acknowledged', 'handed off, not quarantined');
      assert.match(invalidRow.validation_problems ?? '', /^line \d+: .*Colour.*not expected/m);
      const entry = await orderDocumentEntry(pipeline, 'PO-INVALID-1');
      assert.equal(entry.outcome, 'applied');
      assert.deepEqual(entry.validationProblems, invalidRow.validation_problems?.split('\n'));

      const validRow = await archived(pipeline, validOrder);
      assert.equal(validRow.status, 'acknowledged');
      assert.equal(validRow.validation_problems, null);
      assert.equal((await orderDocumentEntry(pipeline, 'PO-VALID-1')).validationProblems, undefined);
    } finally {
      await pipeline.close();
    }
  });

  void test('strict: an invalid Order is quarantined with its problems; valid documents and StatusMessages flow', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle, {
      inboundValidation: 'strict',
    });
    try {
      const status = buildStatusMessage({ orderNumber: 'PO-VALID-1', buyerPartyId });
      await pipeline.control.enqueueRaw(pipeline.integration, invalidOrder);
      await pipeline.control.enqueueRaw(pipeline.integration, validOrder);
      await pipeline.control.enqueueRaw(pipeline.integration, status);
      await pipeline.startIntake();

      const invalidRow = await archived(pipeline, invalidOrder);
      assert.equal(invalidRow.status, 'quarantined');
      assert.match(
        invalidRow.error ?? '',
        /^invalid: the Order is not valid UBL 2\.1 \(UBL_INBOUND_VALIDATION=strict\): line \d+: .*Colour/,
      );
      assert.match(invalidRow.validation_problems ?? '', /Colour/);
      await assert.rejects(orderHandle(pipeline, 'PO-INVALID-1').describe(), /not found/i);

      assert.equal((await archived(pipeline, validOrder)).status, 'acknowledged');
      const statusRow = await archived(pipeline, status);
      assert.equal(statusRow.status, 'acknowledged', 'a StatusMessage has no schema: it is not validated');
      assert.equal(statusRow.validation_problems, null);
    } finally {
      await pipeline.close();
    }
  });

  void test('off: an invalid Order is not validated at all', async () => {
    const pipeline = await startPipeline(testbed.env, testbed.workflowBundle, { inboundValidation: 'off' });
    try {
      await pipeline.control.enqueueRaw(pipeline.integration, invalidOrder);
      await pipeline.startIntake();
      const row = await archived(pipeline, invalidOrder);
      assert.equal(row.status, 'acknowledged');
      assert.equal(row.validation_problems, null);
      assert.equal((await orderDocumentEntry(pipeline, 'PO-INVALID-1')).validationProblems, undefined);
    } finally {
      await pipeline.close();
    }
  });
});
