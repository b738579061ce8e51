import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SalesOrderStatus } from '../../db/schema';
import { LineStatus } from '../../domain/line-status';
import { ErpRefusedError } from '../../erp/erp-adapter';
import {
  importedSalesOrder,
  salesOrderAfter,
  type SalesOrderEvent,
  type SalesOrderLineState,
  type SalesOrderState,
} from '../../erp/sales-order-status';

/*
 * The reference ERP's status rules (erp/sales-order-status.ts) as tables: every event on a line
 * in every line status, every event on an order in every order status, then what a table
 * cannot state. The storage tests (test/db/erp-*.test.ts) prove the SQL adapter writes them.
 */

const orderKey = 'order:demo:ACME-FI:PO-1';
const now = '2026-12-01T08:00:00.000Z';
/** When a line or order cancelled before the event was cancelled. */
const earlier = '2026-11-30T08:00:00.000Z';

const { Open, Proposed, Confirmed, PartiallyDelivered, Delivered, Cancelled } = LineStatus;
const refused = 'refused';

function line(
  lineId: string,
  status: LineStatus,
  fields: Partial<SalesOrderLineState> = {},
): SalesOrderLineState {
  return {
    lineId,
    status,
    cancelledAt: status === Cancelled ? earlier : null,
    quantity: '10',
    confirmation: 'none',
    confirmedQuantity: null,
    deliveredQuantity: '0',
    ...fields,
  };
}

function order(status: SalesOrderStatus, lines: SalesOrderLineState[]): SalesOrderState {
  return { orderKey, status, cancelledAt: status === 'Cancelled' ? earlier : null, lines };
}

const confirmedAs = (quantity: string) => ({
  confirmation: 'confirmed' as const,
  confirmedQuantity: quantity,
});

/** Applies `event`, checking that the rules leave the order they were given as it was. */
function after(before: SalesOrderState, event: SalesOrderEvent): SalesOrderState {
  const copy = structuredClone(before);
  const result = salesOrderAfter(before, event, now);
  assert.deepEqual(before, copy, 'the rules do not change the order they are given');
  return result;
}

function refusal(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ErpRefusedError, String(error));
    assert.match(error.message, pattern);
    return true;
  };
}

const changeOf = (...lines: { lineId: string; quantity?: string; lineStatusCode?: string }[]) =>
  ({
    kind: 'OrderChanged',
    lines: lines.map(({ lineId, quantity, lineStatusCode }) => ({
      lineId,
      ...(quantity === undefined ? {} : { quantity: { value: quantity } }),
      ...(lineStatusCode === undefined ? {} : { lineStatusCode }),
    })),
  }) satisfies SalesOrderEvent;
const termsOf = (proposal: boolean, lineId: string, quantity: string) =>
  ({ kind: 'TermsRecorded', proposal, lines: [{ lineId, quantity }] }) satisfies SalesOrderEvent;
const deliveryOf = (lineId: string, quantity: string) =>
  ({ kind: 'Delivered', documentId: 'despatch-1', lines: [{ lineId, quantity }] }) satisfies SalesOrderEvent;
const linesCancelled = (...lineIds: string[]) =>
  ({ kind: 'LinesCancelled', documentId: 'cancel-1', lineIds }) satisfies SalesOrderEvent;
const orderCancelled = { kind: 'OrderCancelled' } satisfies SalesOrderEvent;

void describe('sales order status: every event on a line in every line status', () => {
  // L1 is requested 10; confirmed or proposed lines have 8. L2 is delivered, so no event touches it.
  const lines: Record<string, SalesOrderLineState> = {
    Open: line('L1', Open),
    Proposed: line('L1', Proposed, { confirmation: 'proposed', confirmedQuantity: '8' }),
    Confirmed: line('L1', Confirmed, confirmedAs('8')),
    PartiallyDelivered: line('L1', PartiallyDelivered, { ...confirmedAs('8'), deliveredQuantity: '4' }),
    'PartiallyDelivered before any confirmation': line('L1', PartiallyDelivered, { deliveredQuantity: '4' }),
    Delivered: line('L1', Delivered, { ...confirmedAs('8'), deliveredQuantity: '8' }),
    Cancelled: line('L1', Cancelled),
  };
  const other = line('L2', Delivered, { quantity: '5', ...confirmedAs('5'), deliveredQuantity: '5' });

  const events: Record<string, SalesOrderEvent> = {
    'a change to 12': changeOf({ lineId: 'L1', quantity: '12' }),
    'a change to 4': changeOf({ lineId: 'L1', quantity: '4' }),
    'a change naming it without a quantity': changeOf({ lineId: 'L1' }),
    'a change to quantity 0': changeOf({ lineId: 'L1', quantity: '0' }),
    'a change with LineStatusCode Cancelled': changeOf({
      lineId: 'L1',
      quantity: '10',
      lineStatusCode: 'Cancelled',
    }),
    'its cancellation': linesCancelled('L1'),
    "the order's cancellation": orderCancelled,
    'a proposal of 4': termsOf(true, 'L1', '4'),
    'a confirmation of 4': termsOf(false, 'L1', '4'),
    'a confirmation of 12': termsOf(false, 'L1', '12'),
    'a delivery of 2': deliveryOf('L1', '2'),
    'a delivery of 10': deliveryOf('L1', '10'),
  };

  type Outcome = LineStatus | typeof refused;
  const PD = PartiallyDelivered;
  const unconfirmed = 'PartiallyDelivered before any confirmation';
  // prettier-ignore
  const table: Record<string, Record<string, Outcome>> = {
    //                                            Open       Proposed   Confirmed  PD         PD unconf. Delivered  Cancelled
    'a change to 12':                         row(Open,      Proposed,  Confirmed, PD,        PD,        Delivered, Open),
    'a change to 4':                          row(Open,      Proposed,  Confirmed, PD,        Delivered, Delivered, Open),
    'a change naming it without a quantity':  row(Open,      Proposed,  Confirmed, PD,        PD,        Delivered, Open),
    'a change to quantity 0':                 row(Cancelled, Cancelled, Cancelled, Cancelled, Cancelled, refused,   Cancelled),
    'a change with LineStatusCode Cancelled': row(Cancelled, Cancelled, Cancelled, Cancelled, Cancelled, refused,   Cancelled),
    'its cancellation':                       row(Cancelled, Cancelled, Cancelled, Cancelled, Cancelled, refused,   Cancelled),
    "the order's cancellation":               row(Cancelled, Cancelled, Cancelled, Cancelled, Cancelled, Delivered, Cancelled),
    'a proposal of 4':                        row(Proposed,  Proposed,  Proposed,  PD,        PD,        PD,        Cancelled),
    'a confirmation of 4':                    row(Confirmed, Confirmed, Confirmed, Delivered, Delivered, Delivered, Cancelled),
    'a confirmation of 12':                   row(Confirmed, Confirmed, Confirmed, PD,        PD,        PD,        Cancelled),
    'a delivery of 2':                        row(PD,        PD,        PD,        PD,        PD,        Delivered, refused),
    'a delivery of 10':                       row(Delivered, Delivered, Delivered, Delivered, Delivered, Delivered, refused),
  };
  function row(...outcomes: Outcome[]): Record<string, Outcome> {
    const names = [
      'Open',
      'Proposed',
      'Confirmed',
      'PartiallyDelivered',
      unconfirmed,
      'Delivered',
      'Cancelled',
    ];
    return Object.fromEntries(names.map((name, index) => [name, outcomes[index] ?? assert.fail(name)]));
  }

  void test('the table has a row for every event and a column for every line', () => {
    assert.deepEqual(Object.keys(table), Object.keys(events));
    for (const outcomes of Object.values(table)) assert.deepEqual(Object.keys(outcomes), Object.keys(lines));
  });

  for (const [eventName, outcomes] of Object.entries(table)) {
    for (const [lineName, expected] of Object.entries(outcomes)) {
      const before = lines[lineName] ?? assert.fail(lineName);
      const event = events[eventName] ?? assert.fail(eventName);
      void test(`${eventName} on a line ${lineName}: ${expected}`, () => {
        const given = order('Open', [before, other]);
        if (expected === refused) {
          assert.throws(() => after(given, event), refusal(/line L1 .*(already delivered|is cancelled)/i));
          return;
        }
        const [l1, l2] = after(given, event).lines;
        assert.equal(l1?.status, expected);
        assert.equal(
          l1?.cancelledAt,
          expected === Cancelled ? (before.cancelledAt ?? now) : null,
          'a line cancelled keeps the time it was first cancelled; a line not cancelled has none',
        );
        assert.deepEqual(l2, other, 'a line the event does not name stays as it is');
      });
    }
  }
});

void describe('sales order status: every event on an order in every order status', () => {
  // Two lines of 5; confirmed lines as requested.
  const confirmedLine = (lineId: string, delivered = '0', status: LineStatus = Confirmed) =>
    line(lineId, status, { quantity: '5', ...confirmedAs('5'), deliveredQuantity: delivered });
  const orders: Record<string, SalesOrderState> = {
    Open: order('Open', [line('L1', Open, { quantity: '5' }), line('L2', Open, { quantity: '5' })]),
    Confirmed: order('Confirmed', [confirmedLine('L1'), confirmedLine('L2')]),
    PartiallyDelivered: order('PartiallyDelivered', [
      confirmedLine('L1', '2', PartiallyDelivered),
      confirmedLine('L2', '5', Delivered),
    ]),
    Delivered: order('Delivered', [confirmedLine('L1', '5', Delivered), confirmedLine('L2', '5', Delivered)]),
    Cancelled: order('Cancelled', [
      line('L1', Cancelled, { quantity: '5' }),
      line('L2', Cancelled, { quantity: '5' }),
    ]),
    'Cancelled after L2 was delivered': order('Cancelled', [
      line('L1', Cancelled, { quantity: '5' }),
      confirmedLine('L2', '5', Delivered),
    ]),
  };

  const events: Record<string, SalesOrderEvent> = {
    'a change of L1 to 6': changeOf({ lineId: 'L1', quantity: '6' }),
    'a change cancelling L1': changeOf({ lineId: 'L1', quantity: '0' }),
    'a change cancelling both lines': changeOf(
      { lineId: 'L1', quantity: '0' },
      { lineId: 'L2', quantity: '0' },
    ),
    'a change adding L3': changeOf({ lineId: 'L3', quantity: '1' }),
    'L1 cancelled': linesCancelled('L1'),
    'the order cancelled': orderCancelled,
    'a proposal of 4 for L1': termsOf(true, 'L1', '4'),
    'a confirmation of L1 as requested': termsOf(false, 'L1', '5'),
    'a delivery of 1 of L1': deliveryOf('L1', '1'),
    'a delivery of 5 of L1': deliveryOf('L1', '5'),
  };

  type Outcome = SalesOrderStatus | typeof refused;
  const PD = 'PartiallyDelivered';
  // prettier-ignore
  const table: Record<string, Record<string, Outcome>> = {
    //                                        Open         Confirmed   PD            Delivered    Cancelled   Cancelled, L2 delivered
    'a change of L1 to 6':               row('Open',      'Confirmed', PD,          'Delivered', 'Open',      PD),
    'a change cancelling L1':            row('Open',      'Confirmed', 'Delivered', refused,     'Cancelled', 'Cancelled'),
    'a change cancelling both lines':    row('Cancelled', 'Cancelled', refused,     refused,     'Cancelled', refused),
    'a change adding L3':                row('Open',      'Confirmed', PD,          PD,          'Open',      PD),
    'L1 cancelled':                      row('Open',      'Confirmed', 'Delivered', refused,     'Cancelled', 'Cancelled'),
    'the order cancelled':               row('Cancelled', 'Cancelled', 'Cancelled', 'Cancelled', 'Cancelled', 'Cancelled'),
    'a proposal of 4 for L1':            row('Open',      'Confirmed', PD,          'Delivered', 'Cancelled', 'Cancelled'),
    'a confirmation of L1 as requested': row('Confirmed', 'Confirmed', PD,          'Delivered', 'Cancelled', 'Cancelled'),
    'a delivery of 1 of L1':             row(PD,          PD,          PD,          'Delivered', refused,     refused),
    'a delivery of 5 of L1':             row(PD,          PD,          'Delivered', 'Delivered', refused,     refused),
  };
  function row(...outcomes: Outcome[]): Record<string, Outcome> {
    return Object.fromEntries(
      Object.keys(orders).map((name, index) => [name, outcomes[index] ?? assert.fail(name)]),
    );
  }

  void test('the table has a row for every event and a column for every order', () => {
    assert.deepEqual(Object.keys(table), Object.keys(events));
    for (const outcomes of Object.values(table)) assert.equal(Object.keys(outcomes).length, 6);
  });

  for (const [eventName, outcomes] of Object.entries(table)) {
    for (const [orderName, expected] of Object.entries(outcomes)) {
      const before = orders[orderName] ?? assert.fail(orderName);
      const event = events[eventName] ?? assert.fail(eventName);
      void test(`${eventName} in an order ${orderName}: ${expected}`, () => {
        if (expected === refused) {
          assert.throws(() => after(before, event), refusal(/line L\d .*(already delivered|is cancelled)/i));
          return;
        }
        const decided = after(before, event);
        assert.equal(decided.status, expected);
        assert.equal(
          decided.cancelledAt,
          expected === 'Cancelled' ? (before.cancelledAt ?? now) : null,
          'an order cancelled keeps the time it was first cancelled; an order not cancelled has none',
        );
      });
    }
  }
});

void describe('sales order status: what the tables cannot state', () => {
  void test('an import opens the order and its lines, except lines the Order already cancels', () => {
    const imported = importedSalesOrder(
      orderKey,
      [
        { lineId: '1', quantity: { value: '3' } },
        { lineId: '2', quantity: { value: '0.000' } },
        { lineId: '3', quantity: { value: '3' }, lineStatusCode: '2' },
        { lineId: '4' },
      ],
      now,
    );
    assert.deepEqual(imported, {
      orderKey,
      status: 'Open',
      cancelledAt: null,
      lines: [
        line('1', Open, { quantity: '3' }),
        line('2', Cancelled, { quantity: '0.000', cancelledAt: now }),
        line('3', Cancelled, { quantity: '3', cancelledAt: now }),
        line('4', Open, { quantity: null }),
      ],
    });
  });

  void test('a change adds its new lines after the others, open or already cancelled, and states quantities', () => {
    const decided = after(
      order('Confirmed', [line('1', Confirmed, confirmedAs('10'))]),
      changeOf(
        { lineId: '1', quantity: '11' },
        { lineId: '7', quantity: '2' },
        { lineId: '8', quantity: '0' },
      ),
    );
    assert.deepEqual(decided.lines, [
      line('1', Confirmed, { ...confirmedAs('10'), quantity: '11' }),
      line('7', Open, { quantity: '2' }),
      line('8', Cancelled, { quantity: '0', cancelledAt: now }),
    ]);
  });

  void test('a partly delivered order goes back to Confirmed when its delivering line is cancelled and the rest is confirmed, else to Open', () => {
    for (const [rest, status] of [
      [line('L2', Confirmed, confirmedAs('10')), 'Confirmed'],
      [line('L2', Proposed, { confirmation: 'proposed', confirmedQuantity: '8' }), 'Open'],
      [line('L2', Open), 'Open'],
    ] as const) {
      const partly = order('PartiallyDelivered', [
        line('L1', PartiallyDelivered, { ...confirmedAs('10'), deliveredQuantity: '4' }),
        rest,
      ]);
      assert.equal(after(partly, linesCancelled('L1')).status, status, rest.status);
    }
  });

  void test('proposed and confirmed terms are recorded on the line, also on a cancelled one', () => {
    const given = order('Open', [line('L1', Open), line('L2', Cancelled)]);
    const proposed = after(given, {
      kind: 'TermsRecorded',
      proposal: true,
      lines: [
        { lineId: 'L1', quantity: '9.50' },
        { lineId: 'L2', quantity: '1' },
      ],
    });
    assert.deepEqual(proposed.lines, [
      line('L1', Proposed, { confirmation: 'proposed', confirmedQuantity: '9.50' }),
      line('L2', Cancelled, { confirmation: 'proposed', confirmedQuantity: '1' }),
    ]);
    const confirmed = after(proposed, termsOf(false, 'L1', '9.50'));
    assert.deepEqual(confirmed.lines[0], line('L1', Confirmed, confirmedAs('9.50')));
  });

  void test('deliveries add up exactly, a line named twice included; a delivery of 0 changes no status', () => {
    const given = order('Open', [line('L1', Open, { quantity: '0.1' }), line('L2', Open)]);
    const first = after(given, {
      kind: 'Delivered',
      documentId: 'd1',
      lines: [
        { lineId: 'L1', quantity: '0.05' },
        { lineId: 'L1', quantity: '0.02' },
        { lineId: 'L2', quantity: '0' },
      ],
    });
    assert.deepEqual(
      first.lines.map((l) => [l.lineId, l.deliveredQuantity, l.status]),
      [
        ['L1', '0.07', PartiallyDelivered],
        ['L2', '0', Open],
      ],
    );
    const second = after(first, deliveryOf('L1', '0.03'));
    assert.deepEqual([second.lines[0]?.deliveredQuantity, second.lines[0]?.status], ['0.1', Delivered]);
  });

  void test('a write naming no line, or a line the order does not have, is refused', () => {
    const given = order('Open', [line('L1', Open)]);
    assert.throws(
      () => after(given, linesCancelled()),
      refusal(new RegExp(`Cancellation cancel-1 of sales order ${orderKey} names no line`)),
    );
    assert.throws(
      () => after(given, { kind: 'Delivered', documentId: 'despatch-1', lines: [] }),
      refusal(new RegExp(`Delivery despatch-1 of sales order ${orderKey} names no line`)),
    );
    for (const event of [linesCancelled('L1', 'L9'), termsOf(true, 'L9', '1'), deliveryOf('L9', '1')]) {
      assert.throws(
        () => after(given, event),
        refusal(new RegExp(`Sales order ${orderKey} has no line L9: apply the change that adds it first`)),
        event.kind,
      );
    }
  });
});
