import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import {
  checkSoak,
  judgeStep,
  verdictLine,
  type JakamoDocumentFact,
  type SoakFacts,
} from '../../soak/checks';
import { killSequence, scheduleEvents } from '../../soak/plan';
import { issueSoak } from '../../soak/options';
import { pickBadMessages } from '../../soak/placement';
import { runSoak } from '../../soak/run-soak';

/**
 * Issue 10, the soak (`npm run soak`, soak/): the small run that is part of `npm test`, and the
 * checker's own rules on made-up facts (a checker that cannot see a duplicate proves nothing).
 */

void describe('the soak, small (issue 10)', () => {
  void test(
    "about 100 orders under the issue's faults, two worker kills (one by a crash point aimed at a confirm in flight), the dev server and the sandbox each restarted on their files, bad messages between: nothing lost, duplicated, stuck, or quarantined that was good",
    { timeout: 12 * 60_000 },
    async () => {
      const lines: string[] = [];
      const result = await runSoak({
        ...issueSoak,
        orders: 100,
        placeEveryMs: 100,
        badMessages: 8,
        kills: 2,
        timeoutMs: 8 * 60_000,
        dir: undefined,
        log: (line) => lines.push(line),
      });
      console.log(result.report);
      const { verdict } = result.check;
      assert.deepEqual(
        {
          lost: verdict.lost,
          duplicated: verdict.duplicated,
          stuck: verdict.stuck,
          quarantinedGood: verdict.quarantinedGood,
          other: verdict.other,
        },
        { lost: 0, duplicated: 0, stuck: 0, quarantinedGood: 0, other: 0 },
        `${verdictLine(verdict)}\n${result.check.findings.map((f) => `${f.category} ${f.subject}: ${f.what}`).join('\n')}\n\n${lines.join('\n')}`,
      );
      assert.equal(result.kills, 2, 'the worker was SIGKILLed twice');
      const crashPoint = result.events.find((event) =>
        event.what.includes('crash point jakamo-request-sent:simpleConfirm'),
      );
      assert.ok(crashPoint !== undefined, 'the second kill was the crash point aimed at a confirm');
      assert.ok(
        result.events.some((event) => event.what.startsWith('Temporal dev server restarted')) &&
          result.events.some((event) => event.what.startsWith('Jakamo sandbox restarted')),
        'both servers were restarted',
      );
      assert.ok(
        (result.injected?.lostAnswers ?? 0) + (result.injected?.injectedErrors ?? 0) > 0,
        'the faults did hit',
      );
      assert.deepEqual(
        result.check.rows.filter((row) => !row.ok),
        [],
      );
      fs.rmSync(result.dir, { recursive: true, force: true });
    },
  );
});

/** Facts of a soak with one simple-confirm order that went right; each test spoils one thing. */
function oneGoodOrder(
  documents: JakamoDocumentFact[] = [{ kind: 'Confirm', httpStatus: 200, answerLost: false }],
): SoakFacts {
  const key = 'order:soak:SOAK-SIMPLE:SOAK-000001';
  return {
    orders: [
      {
        index: 0,
        jakamoOrderNumber: 'JKM-000001',
        orderNumber: 'SOAK-000001',
        key,
        lifecycle: 'simple-confirm',
      },
    ],
    badMessages: [{ name: 'malformed-cut-off', sha256: 'b'.repeat(64) }],
    enqueued: 2,
    jakamoOrders: { 'JKM-000001': { status: 'Confirmed', documents } },
    jakamoQueue: { queued: 0, acknowledged: 2 },
    salesOrders: [{ orderKey: key, status: 'Confirmed' }],
    erpLedger: [{ orderKey: key, kind: 'Confirmation', documentId: 'e2' }],
    outbound: [
      {
        orderKey: key,
        kind: 'SimpleConfirm',
        effectId: 'e1',
        status: 'answered',
        attempts: documents.length,
        accepted: 1,
      },
    ],
    archive: [
      { sha256: 'a'.repeat(64), status: 'acknowledged', orderKey: key, acknowledged: true, error: null },
      {
        sha256: 'b'.repeat(64),
        status: 'quarantined',
        orderKey: null,
        acknowledged: true,
        error: 'malformed: …',
      },
    ],
    workflows: {
      [key]: { status: 'Confirmed', needsAttention: false, pendingEffects: 0, attention: undefined },
    },
    needingAttention: [],
    intake: { running: true, needsAttention: false },
    killCredits: [],
    unplannedWorkerExits: [],
    timedOut: false,
  };
}

const confirm = (httpStatus: number, answerLost = false): JakamoDocumentFact => ({
  kind: 'Confirm',
  httpStatus,
  answerLost,
});

void describe("the soak's checker", () => {
  void test('an order done right passes, and the verdict line says so', () => {
    const check = checkSoak(oneGoodOrder());
    assert.deepEqual(check.findings, []);
    assert.equal(
      verdictLine(check.verdict),
      'verdict: lost 0, duplicated 0, stuck 0, quarantined-good 0 — PASS',
    );
  });

  void test('a resend after a lost answer is counted apart, not as a duplicate', () => {
    const check = checkSoak(oneGoodOrder([confirm(200, true), confirm(200)]));
    assert.deepEqual(check.findings, []);
    assert.equal(check.resends.resends, 1);
    assert.equal(check.resends.injectedLosses, 1);
  });

  void test('a second confirm with no lost answer before it is a duplicate; so is one after the answer was heard', () => {
    for (const documents of [
      [confirm(200), confirm(200)],
      [confirm(200), confirm(200, true)],
    ]) {
      const check = checkSoak(oneGoodOrder(documents));
      assert.equal(check.verdict.duplicated, 1, JSON.stringify(documents));
      assert.equal(check.verdict.pass, false);
    }
  });

  void test('a step in flight when the worker was killed may be resent once', () => {
    const facts = oneGoodOrder([confirm(200), confirm(200)]);
    facts.killCredits = [{ orderKey: facts.orders[0].key, kind: 'SimpleConfirm' }];
    assert.deepEqual(checkSoak(facts).findings, []);
    assert.deepEqual(judgeStep([confirm(200), confirm(200), confirm(200)], 1).duplicates, 1);
  });

  void test('a step decided twice by the workflow or applied twice in the ERP is a duplicate', () => {
    const facts = oneGoodOrder();
    facts.erpLedger.push({ orderKey: facts.orders[0].key, kind: 'Confirmation', documentId: 'e4' });
    assert.equal(checkSoak(facts).verdict.duplicated, 1);
    const decided = oneGoodOrder();
    decided.outbound.push({ ...decided.outbound[0], effectId: 'e3' });
    assert.equal(checkSoak(decided).verdict.duplicated, 1);
  });

  void test('an order that says it is done but has no sales order is lost; one still at work is stuck', () => {
    const lost = oneGoodOrder();
    lost.salesOrders = [];
    lost.erpLedger = [];
    assert.equal(checkSoak(lost).verdict.lost, 1);
    const stuck = oneGoodOrder();
    stuck.workflows[stuck.orders[0].key] = {
      status: 'Imported',
      needsAttention: false,
      pendingEffects: 1,
      attention: undefined,
    };
    stuck.jakamoOrders['JKM-000001'] = { status: 'Waiting for supplier confirmation', documents: [] };
    const check = checkSoak(stuck);
    assert.equal(check.verdict.stuck, 1);
    assert.equal(check.verdict.lost, 0);
  });

  void test('a good message quarantined, a bad one not quarantined, an unsettled archive and a non-empty queue all fail', () => {
    const quarantined = oneGoodOrder();
    quarantined.archive[0] = { ...quarantined.archive[0], status: 'quarantined', error: 'internal: …' };
    assert.equal(checkSoak(quarantined).verdict.quarantinedGood, 1);
    const accepted = oneGoodOrder();
    accepted.archive[1] = { ...accepted.archive[1], status: 'acknowledged' };
    assert.equal(checkSoak(accepted).verdict.other, 1);
    const unsettled = oneGoodOrder();
    unsettled.archive[1] = { ...unsettled.archive[1], acknowledged: false };
    unsettled.jakamoQueue = { queued: 1, acknowledged: 1 };
    assert.equal(checkSoak(unsettled).verdict.stuck, 2, 'the message and the queue');
  });
});

void describe("the soak's plan", () => {
  void test("two kills are a random one that arms the next worker and that worker's crash point at a confirm", () => {
    assert.deepEqual(killSequence(2), [
      { kind: 'random', arm: 'jakamo-request-sent:simpleConfirm' },
      { kind: 'crash-point', point: 'jakamo-request-sent:simpleConfirm' },
    ]);
    const five = killSequence(5);
    assert.equal(five.length, 5);
    assert.deepEqual(
      five[4],
      { kind: 'random' },
      'a last random kill arms no crash point that would not be counted',
    );
  });

  void test('the events of the issue soak are spread over the placing of the orders, restarts included', () => {
    const events = scheduleEvents({ ...issueSoak });
    assert.ok(events.some((event) => event.action.type === 'restart-dev-server'));
    assert.ok(events.some((event) => event.action.type === 'restart-sandbox'));
    const at = events.map((event) => event.afterOrders);
    assert.deepEqual(
      [...at].sort((a, b) => a - b),
      at,
      'in order',
    );
    assert.ok(at[0] >= 1 && at[at.length - 1] <= issueSoak.orders);
  });

  void test('bad messages are taken from every group of the hostile corpus', () => {
    const groups = new Set(pickBadMessages(11).map((message) => message.group));
    assert.equal(groups.size, 11);
  });
});
