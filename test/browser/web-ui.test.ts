import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../config/project-root';
import { orderSummary } from '../../domain/order-summary';
import { keyOf, orderHandle, settledIn, untilOrder } from '../support/orders';
import { startPipeline } from '../support/pipeline';
import { devServerUiUrl, eventually } from '../support/temporal';
import { devServerTestbed } from '../support/testbed';
import { chromiumPath, launchChromium, noChromium } from './chromium';

/**
 * The Temporal Web UI of the run's dev server in a real browser (Debian's chromium driven by
 * playwright-core): an order placed in the sandbox shows its summary and its current details,
 * and the README's saved-view query finds it.
 */
const testbed = devServerTestbed();
const executable = chromiumPath();
let browser: Browser | undefined;

before(async () => {
  if (executable !== undefined) browser = await launchChromium(executable);
});
after(async () => {
  await browser?.close();
});

/** The saved views the README suggests, word for word. */
const savedViews = (customer: string) => ({
  needsAttention: 'NeedsAttention = true',
  awaitingErp: 'JakamoOrderStatus IN ("AwaitingErpConfirmation", "WaitingForSupplier")',
  byCustomer: `JakamoCustomer = "${customer}" AND ExecutionStatus = "Running"`,
});

/** A liveness bound (the UI loads, then asks the worker for the details): never a speed check. */
const visible = { timeout: 60_000 };

/** On failure, what the page showed goes to .test-output/ for whoever reads the report. */
async function keepEvidence(page: Page, name: string): Promise<string> {
  const dir = path.join(projectRoot, '.test-output');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  return file;
}

void describe('the Web UI reads like the order', () => {
  void test(
    "an order's page shows its summary (order number · customer · Jakamo number) and its current details (status, lines, the command)",
    { skip: executable === undefined ? noChromium : false },
    async () => {
      assert.ok(browser !== undefined);
      const pipeline = await startPipeline(testbed.env, testbed.workflowBundle, {
        orders: { confirmationPolicy: 'erp' },
      });
      const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
      try {
        await pipeline.startIntake();
        const placed = await pipeline.control.placeOrder(pipeline.integration, {
          customerPartyId: pipeline.customers[0],
          lines: 2,
          seed: 7,
        });
        const handle = orderHandle(testbed.env, pipeline, placed);
        const state = await untilOrder(handle, 'awaiting the ERP', settledIn('AwaitingErpConfirmation'));
        const { runId } = await handle.describe();
        const key = keyOf(pipeline, placed);
        const ui = devServerUiUrl();

        // The workflow's "User Metadata" tab: the summary and the current details, each rendered
        // from markdown in its own frame (Web UI 2.54, the one the pinned Temporal CLI bundles).
        await page.goto(
          `${ui}/namespaces/default/workflows/${encodeURIComponent(key)}/${runId}/user-metadata`,
        );
        const summary = page.frameLocator('#user-metadata-summary');
        await summary.getByText(orderSummary(placed)).waitFor(visible);

        const details = page.frameLocator('#user-metadata-current-details');
        await details.getByText('AwaitingErpConfirmation').waitFor(visible);
        await details.getByText(`jakamo-so order confirm '${key}'`).waitFor(visible);
        for (const line of state.lines) {
          const requested = `${line.requested.quantity} ${line.requested.unitCode} · ${line.requested.deliveryDate}`;
          const row = details.locator('tr', { hasText: requested });
          await row.waitFor(visible);
          assert.equal((await row.locator('td').first().innerText()).trim(), line.lineId);
          assert.equal((await row.locator('td').last().innerText()).trim(), 'Open');
        }

        // The README's saved views are valid queries, and the order is where they say.
        const views = savedViews(placed.buyerPartyId);
        await page.goto(`${ui}/namespaces/default/workflows?query=${encodeURIComponent(views.awaitingErp)}`);
        await page.getByRole('link', { name: key }).waitFor(visible);
        const listed = async (query: string) => {
          const ids: string[] = [];
          for await (const workflow of testbed.env.client.workflow.list({ query }))
            ids.push(workflow.workflowId);
          return ids;
        };
        await eventually(`${views.byCustomer} lists the order`, async () =>
          (await listed(views.byCustomer)).includes(key) ? true : undefined,
        );
        assert.ok(!(await listed(views.needsAttention)).includes(key), views.needsAttention);
      } catch (error) {
        const file = await keepEvidence(page, 'web-ui-order');
        throw new Error(`${(error as Error).message}\n(the page as it was: ${file})`, { cause: error });
      } finally {
        await page.close();
        await pipeline.close();
      }
    },
  );
});
