import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OrderStatus } from '../../domain/order-status';
import { markdownCode, markdownTable, markdownText, shorten } from '../../workflows/markdown';
import { orderSummary } from '../../domain/order-summary';
import { maxDetailLines, orderDetails } from '../../workflows/order/details';
import { activitySummary, type OrderEffect } from '../../workflows/order/effects';
import { OrderRun, erpConfirm, erpDeliver, line, orderKey, orderMessage, retry } from './order-fixtures';

/*
 * What the Temporal Web UI shows of an order: the summary given at signal-with-start, the
 * current details the workflow renders after each decision, and the activities' summaries.
 */

const twoLines = () => orderMessage('Order', [line('1', '10'), line('2', '4', { itemName: 'Bolt | M8' })]);

function ordered(): OrderRun {
  const run = new OrderRun({ confirmationPolicy: 'erp' });
  run.message(twoLines());
  return run;
}

void describe('order summary', () => {
  void test('customer order number · customer · Jakamo order number', () => {
    assert.equal(
      orderSummary({ orderNumber: 'PO-4711', buyerPartyId: 'ACME-FI', jakamoOrderNumber: 'JKM-000012' }),
      'PO-4711 · ACME-FI · JKM-000012',
    );
  });

  void test('an unknown Jakamo order number is left out, not shown as "undefined"', () => {
    assert.equal(
      orderSummary({ orderNumber: 'PO-4711', buyerPartyId: 'ACME-FI', jakamoOrderNumber: undefined }),
      'PO-4711 · ACME-FI',
    );
  });
});

void describe('order current details', () => {
  void test('a fresh order (before its Order is decided) shows its status and no table', () => {
    const details = orderDetails(new OrderRun().state);
    assert.equal(details, '**Received** — importing into the ERP');
  });

  void test('a received order: status, Jakamo number, the lines requested and the next step', () => {
    const details = orderDetails(ordered().state);
    assert.equal(
      details,
      [
        '**Received** · Jakamo JK-1001 — importing into the ERP',
        '',
        '| line | item | requested | confirmed | delivered | status |',
        '| --- | --- | --- | --- | --- | --- |',
        '| 1 | Item 1 | 10 EA · 2026-05-04 | — | 0 | Open |',
        '| 2 | Bolt \\| M8 | 4 EA · 2026-05-04 | — | 0 | Open |',
        '',
        'Next step: import the sales order into the ERP',
      ].join('\n'),
    );
  });

  void test('awaiting the ERP: the command that confirms the order', () => {
    const run = ordered().settle();
    assert.equal(run.state.status, OrderStatus.AwaitingErpConfirmation);
    const details = orderDetails(run.state);
    assert.ok(
      details.startsWith(
        `**AwaitingErpConfirmation** · Jakamo JK-1001 — waiting for the ERP to confirm: \`jakamo-so order confirm '${orderKey}'\``,
      ),
      details,
    );
    assert.ok(!details.includes('Next step'), details);
  });

  void test('confirmed and partly delivered: confirmed terms and delivered quantities per line', () => {
    const run = ordered().settle();
    run.apply(erpConfirm());
    run.settle();
    assert.equal(run.state.status, OrderStatus.Confirmed);
    run.apply(erpDeliver({ lines: [{ lineId: '1', quantity: '10' }] }));
    run.settle();
    assert.equal(run.state.status, OrderStatus.PartiallyDelivered);

    const details = orderDetails(run.state);
    assert.ok(details.startsWith('**PartiallyDelivered** · Jakamo JK-1001 — waiting for the rest'), details);
    assert.ok(
      details.includes('| 1 | Item 1 | 10 EA · 2026-05-04 | 10 EA · 2026-05-04 | 10 EA | Delivered |'),
      details,
    );
    assert.ok(
      details.includes('| 2 | Bolt \\| M8 | 4 EA · 2026-05-04 | 4 EA · 2026-05-04 | 0 | Confirmed |'),
      details,
    );
  });

  void test("needs attention: the failed step, its type, Jakamo's words and the commands as code", () => {
    const run = ordered().settle();
    run.apply(erpConfirm());
    run.failHead('JakamoMappingMissing', 'No customer mapping found for BuyerCustomerParty id <ACME-FI>');
    const details = orderDetails(run.state);
    const attention = details.slice(details.indexOf('**Needs attention**'));
    assert.equal(
      attention,
      [
        `**Needs attention** since ${run.state.attention?.since.slice(0, 16).replace('T', ' ')} UTC: POST Jakamo-Confirm-Url (confirm as requested) (\`JakamoMappingMissing\`)`,
        '',
        '> No customer mapping found for BuyerCustomerParty id \\<ACME-FI\\>',
        '',
        `What to do: fix the cause, then \`jakamo-so order retry '${orderKey}'\`; if it was done by hand, \`jakamo-so order resolve '${orderKey}'\``,
      ].join('\n'),
    );
    assert.ok(!details.includes('Next step'), 'the attention replaces the next step');

    run.apply(retry('mapping added'));
    run.settle();
    assert.ok(!orderDetails(run.state).includes('Needs attention'));
  });

  void test('a long order shows the first lines and says where the rest are', () => {
    const run = new OrderRun();
    const lines = Array.from({ length: maxDetailLines + 5 }, (_, i) => line(String(i + 1), '1'));
    run.message(orderMessage('Order', lines));
    const details = orderDetails(run.state);
    assert.equal(
      details.split('\n').filter((row) => row.startsWith('| ')).length,
      maxDetailLines + 2,
      'header, separator and the first lines',
    );
    assert.ok(details.includes(`… and 5 more lines: \`jakamo-so order show '${orderKey}'\``), details);
  });

  void test('Delivered and Cancelled orders say when they complete; a far-off date does not throw', () => {
    const state = {
      ...ordered().state,
      status: OrderStatus.Delivered,
      quietSince: '2026-04-01T08:00:00.000Z',
      quietPeriodMs: 30 * 24 * 3600 * 1000,
    };
    assert.ok(orderDetails(state).includes('completes on 2026-05-01 unless a message comes'));
    assert.ok(
      orderDetails({ ...state, quietPeriodMs: Number.MAX_SAFE_INTEGER }).includes('finishing its last steps'),
    );
  });
});

void describe('activity summaries', () => {
  const summaries: [OrderEffect, string][] = [
    [{ kind: 'importSalesOrder', id: 'e1', messageSha256: 'x' }, 'import the sales order into the ERP'],
    [
      { kind: 'simpleConfirm', id: 'e2', note: undefined, basisSha256: undefined },
      'POST Jakamo-Confirm-Url (confirm as requested)',
    ],
    [
      {
        kind: 'postOrderResponse',
        id: 'e3',
        purpose: 'proposal',
        basisSha256: 'x',
        lines: [],
        note: undefined,
        sellerContactId: undefined,
      },
      'POST OrderResponse (proposal)',
    ],
    [
      {
        kind: 'putDeliveredStatus',
        id: 'e4',
        lines: [
          { lineId: '1', quantity: '2' },
          { lineId: '3', quantity: '1' },
        ],
        wholeOrder: false,
        note: undefined,
      },
      'PUT Delivered (lines 1, 3)',
    ],
    [
      { kind: 'putDeliveredStatus', id: 'e5', lines: [], wholeOrder: true, note: undefined },
      'PUT Delivered (whole order)',
    ],
  ];
  for (const [effect, expected] of summaries) {
    void test(`${effect.kind}: "${expected}"`, () => {
      assert.equal(activitySummary(effect), expected);
    });
  }

  void test('a summary naming many lines stays one short line', () => {
    const lineIds = Array.from({ length: 100 }, (_, i) => String(i + 1));
    const summary = activitySummary({
      kind: 'cancelSalesOrderLines',
      id: 'e6',
      messageSha256: 'x',
      lineIds,
      wholeOrder: false,
    });
    assert.ok(summary.length <= 120, summary);
    assert.ok(summary.startsWith('cancel lines 1, 2, 3'), summary);
    assert.ok(summary.endsWith('…'), summary);
  });
});

void describe('markdown helpers', () => {
  void test("outside text is escaped and kept on one line: Jakamo's words read as written", () => {
    assert.equal(
      markdownText('  a *b* _c_\n[d](e) <script> `f` | # \\ '),
      'a \\*b\\* \\_c\\_ \\[d\\](e) \\<script\\> \\`f\\` \\| \\# \\\\',
    );
  });

  void test('code spans cannot be closed early', () => {
    assert.equal(markdownCode("jakamo-so order retry 'x`y'"), "`jakamo-so order retry 'x'y'`");
  });

  void test('a table has a header, a separator and its rows; an empty cell stays a cell', () => {
    assert.equal(markdownTable(['a', 'b'], [['1', '']]), '| a | b |\n| --- | --- |\n| 1 |   |');
  });

  void test('shorten keeps short text and cuts long text with an ellipsis', () => {
    assert.equal(shorten('short', 10), 'short');
    assert.equal(shorten('a long sentence', 7), 'a long…');
  });
});
