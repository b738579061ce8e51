import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadSettings } from '../../config/settings';
import { orderKey } from '../../domain/order-key';
import {
  SandboxControlClient,
  startSandbox,
  type PlacedOrder,
  type SandboxIntegrationConfig,
} from '../../sandbox';
import { createLogger } from '../../worker/logger';
import { startPipelineService } from '../../worker/pipeline-service';
import { orderStateQuery } from '../../workflows/order/messages';
import { schemaDir } from '../../harness/ubl-examples';
import { devServerAddress, eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';

const testbed = devServerTestbed();

void describe('several integrations in one worker (configuration file, dev server, one sandbox)', () => {
  void test('orders in each queue are imported and confirmed through their own integration, with no cross-talk', async () => {
    const suffix = randomUUID().slice(0, 8);
    // The same customer, with the same order numbers, buys through both integrations: only the
    // integration tells the orders apart.
    const customer = `SHARED-${suffix}`;
    const sandboxIntegration = (
      id: string,
      username: string,
      password: string,
    ): SandboxIntegrationConfig => ({
      id,
      username,
      password,
      supplier: { partyId: 'SUPPLIER-1', name: 'Test Supplier Ltd.' },
      customers: [{ partyId: customer, name: 'Shared Customer Oy' }],
    });
    const eu = sandboxIntegration(`eu-${suffix}`, `supplier-eu-${suffix}`, 'eu-password-1');
    const nordic = sandboxIntegration(`nordic-${suffix}`, `supplier-nordic-${suffix}`, 'nordic-password-2');
    const sandbox = await startSandbox({ port: 0, integrations: [eu, nordic], logLevel: 'silent' });
    const control = new SandboxControlClient(sandbox.baseUrl);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jakamo-so-two-'));
    const nordicPasswordFile = path.join(dir, 'nordic-password');
    fs.writeFileSync(nordicPasswordFile, `${nordic.password}\n`);
    const configFile = path.join(dir, 'jakamo-so.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        integrations: [
          {
            id: eu.id,
            baseUrl: sandbox.baseUrl,
            username: { env: 'TEST_EU_USER' },
            password: { env: 'TEST_EU_PASSWORD' },
            pollInterval: '200ms',
            // This integration confirms the shared customer with OrderResponses; the other with simple confirmations.
            customers: { [customer]: { responseStyle: 'order-response' } },
          },
          {
            id: nordic.id,
            baseUrl: sandbox.baseUrl,
            username: nordic.username,
            password: { file: nordicPasswordFile },
            pollInterval: '200ms',
          },
        ],
        defaults: { confirmationPolicy: 'auto', sellerContactId: 'SELLER-1' },
      }),
    );
    const settings = loadSettings({
      JAKAMO_SO_CONFIG: configFile,
      TEST_EU_USER: eu.username,
      TEST_EU_PASSWORD: eu.password,
      TEMPORAL_ADDRESS: devServerAddress(),
      TEMPORAL_TASK_QUEUE: `test-${suffix}`,
      DATA_DIR: dir,
      DATABASE_URL: path.join(dir, 'connector.sqlite'),
      UBL_SCHEMA_DIR: schemaDir,
      LOG_LEVEL: 'silent',
    });
    const service = await startPipelineService(
      settings,
      devServerAddress(),
      settings.integrations,
      createLogger({ level: 'silent' }),
      { workflowBundle: testbed.workflowBundle },
    );
    try {
      assert.deepEqual(service.integrations, [eu.id, nordic.id]);
      for (const workflowId of service.intakeWorkflowIds) {
        const description = await testbed.env.client.workflow.getHandle(workflowId).describe();
        assert.equal(description.status.name, 'RUNNING', `${workflowId} runs`);
      }

      const placed: (PlacedOrder & { integration: string })[] = [];
      for (let i = 1; i <= 3; i++) {
        for (const integration of [eu, nordic]) {
          const order = await control.placeOrder(integration.id, {
            customerPartyId: customer,
            orderNumber: `PO-${suffix}-${i}`,
            lines: i,
            seed: i,
          });
          placed.push({ integration: integration.id, ...order });
        }
      }
      await eventually('every order confirmed in the sandbox', async () => {
        const orders = await Promise.all(placed.map((order) => control.getOrder(order.jakamoOrderNumber)));
        return orders.every((order) => order.status === 'Confirmed') ? orders : undefined;
      });

      const stats = (await control.stats()).integrations;
      assert.equal(stats[eu.id]?.orderResponses, 3, 'eu confirmed its orders with OrderResponses');
      assert.equal(stats[eu.id]?.confirmations, 0);
      assert.equal(
        stats[nordic.id]?.confirmations,
        3,
        'nordic confirmed its orders with simple confirmations',
      );
      assert.equal(stats[nordic.id]?.orderResponses, 0);
      for (const integration of [eu, nordic]) {
        assert.equal(stats[integration.id]?.acknowledged, 3, `${integration.id}'s queue was drained`);
        assert.equal(stats[integration.id]?.queued, 0);
        assert.equal(stats[integration.id]?.authFailures, 0, `${integration.id} used its own credentials`);
      }
      for (const order of placed) {
        const inSandbox = await control.getOrder(order.jakamoOrderNumber);
        assert.equal(inSandbox.integrationId, order.integration);
        assert.equal(
          inSandbox.confirmations + inSandbox.orderResponses,
          1,
          'confirmed once, by its own integration',
        );
      }

      const keysOf = async (integration: string) =>
        (
          await service.db
            .selectFrom('sales_orders')
            .select('order_key')
            .where('integration', '=', integration)
            .execute()
        )
          .map((row) => row.order_key)
          .sort();
      for (const integration of [eu.id, nordic.id]) {
        const expected = placed
          .filter((order) => order.integration === integration)
          .map((order) =>
            orderKey({ integration, buyerPartyId: order.buyerPartyId, orderNumber: order.orderNumber }),
          )
          .sort();
        assert.deepEqual(await keysOf(integration), expected, `${integration}'s orders carry its key`);
        for (const key of expected) {
          const state = await testbed.env.client.workflow.getHandle(key).query(orderStateQuery);
          assert.equal(state.integration, integration);
          assert.equal(state.responseStyle, integration === eu.id ? 'order-response' : 'simple');
        }
      }
    } finally {
      for (const workflowId of service.intakeWorkflowIds) {
        await testbed.env.client.workflow
          .getHandle(workflowId)
          .terminate('test finished')
          .catch(() => undefined);
      }
      await service.stop();
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
