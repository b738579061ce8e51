import type { OutboundKind } from '../domain/outbound-kind';
import type { Lifecycle } from './plan';

/**
 * The soak's checker, Jepsen-style: what happened is collected as facts from the systems
 * themselves (Jakamo's documents per order in the sandbox, the ERP's rows, the message archive,
 * the order workflows), never from the pipeline's own account of itself, and judged here by pure
 * functions. Every problem is a finding in one of four categories, counted per subject (an
 * order, a message, the queue): lost, duplicated, stuck, quarantined-good (plus `other` for what
 * fits none, such as a bad message that was not quarantined).
 */

export type JakamoDocumentKind = 'Confirm' | 'OrderResponse' | 'StatusMessage';

/** The Jakamo document kind each outbound step produces. */
export const jakamoKindOf: Record<OutboundKind, JakamoDocumentKind> = {
  SimpleConfirm: 'Confirm',
  OrderResponse: 'OrderResponse',
  DeliveredStatus: 'StatusMessage',
};

/** What each lifecycle must end with. */
export const expectations: Record<
  Lifecycle,
  {
    steps: OutboundKind[];
    jakamoStatus: string;
    workflowStatus: string;
    erpStatus: string;
    ledger: Record<string, number>;
  }
> = {
  'simple-confirm': {
    steps: ['SimpleConfirm'],
    jakamoStatus: 'Confirmed',
    workflowStatus: 'Confirmed',
    erpStatus: 'Confirmed',
    ledger: { Confirmation: 1 },
  },
  'order-response': {
    steps: ['OrderResponse'],
    jakamoStatus: 'Confirmed',
    workflowStatus: 'Confirmed',
    erpStatus: 'Confirmed',
    ledger: { Confirmation: 1 },
  },
  'erp-confirm-deliver': {
    steps: ['SimpleConfirm', 'DeliveredStatus'],
    jakamoStatus: 'Delivered',
    workflowStatus: 'Delivered',
    erpStatus: 'Delivered',
    ledger: { Confirmation: 1, Delivery: 1 },
  },
};

export interface PlacedSoakOrder {
  index: number;
  jakamoOrderNumber: string;
  orderNumber: string;
  /** The order key: its workflow id and its key in the ERP and the archive. */
  key: string;
  lifecycle: Lifecycle;
}

export interface BadMessageFact {
  name: string;
  /** SHA-256 of the text the pipeline reads (the archive's key). */
  sha256: string;
}

export interface JakamoDocumentFact {
  kind: JakamoDocumentKind;
  httpStatus: number;
  answerLost: boolean;
}

/** An order as Jakamo (the sandbox) knows it. */
export interface JakamoOrderFact {
  status: string;
  /** Every supplier request Jakamo processed for the order, in order, resends included. */
  documents: JakamoDocumentFact[];
}

export interface OutboundFact {
  orderKey: string;
  kind: OutboundKind;
  effectId: string;
  status: string;
  attempts: number;
  accepted: number | null;
}

export interface ArchiveFact {
  sha256: string;
  status: string;
  orderKey: string | null;
  acknowledged: boolean;
  error: string | null;
}

/** An order workflow, from its `state` query (or only from visibility when the query failed). */
export interface WorkflowFact {
  status: string | undefined;
  needsAttention: boolean;
  /** Steps still to run; undefined when the state could not be queried. */
  pendingEffects: number | undefined;
  attention: string | undefined;
}

export interface SoakFacts {
  orders: PlacedSoakOrder[];
  badMessages: BadMessageFact[];
  /** Messages the soak put in Jakamo's queue (orders and bad messages). */
  enqueued: number;
  /** By Jakamo order number. */
  jakamoOrders: Record<string, JakamoOrderFact>;
  /** Jakamo's queue: messages still queued, and messages cleared by an acknowledgement. */
  jakamoQueue: { queued: number; acknowledged: number };
  salesOrders: { orderKey: string; status: string }[];
  /** The reference ERP's idempotency ledger: each document applied to an order. */
  erpLedger: { orderKey: string; kind: string; documentId: string }[];
  outbound: OutboundFact[];
  archive: ArchiveFact[];
  /** By order key; a placed order without an entry has no workflow. */
  workflows: Record<string, WorkflowFact>;
  /** Workflow ids with NeedsAttention = true (orders and intakes). */
  needingAttention: string[];
  intake: { running: boolean; needsAttention: boolean };
  /**
   * One entry per outbound step that was in flight (recorded as sending, no answer recorded)
   * when the worker was killed: an answer lost by the kill, which the retry may resend.
   */
  killCredits: { orderKey: string; kind: OutboundKind }[];
  /** Worker processes that ended without the soak killing them or a crash point firing. */
  unplannedWorkerExits: string[];
  /** The run did not settle before its deadline. */
  timedOut: boolean;
}

export type FindingCategory = 'lost' | 'duplicated' | 'stuck' | 'quarantined-good' | 'other';

export interface Finding {
  category: FindingCategory;
  /** An order key, a message's sha256 / name, or "queue", "intake", "run". */
  subject: string;
  what: string;
}

export interface CheckRow {
  check: string;
  ok: boolean;
  detail: string;
}

export interface SoakVerdict {
  lost: number;
  duplicated: number;
  stuck: number;
  quarantinedGood: number;
  other: number;
  pass: boolean;
}

export interface ResendAccount {
  /** Requests Jakamo processed more than once for one step, each justified by an injected loss. */
  resends: number;
  /** Answers lost on purpose: the sandbox's lost answers plus steps in flight at a kill. */
  injectedLosses: number;
  /** Of those, the sandbox's lost-answer faults. */
  lostAnswers: number;
  killCredits: number;
}

export interface SoakCheck {
  rows: CheckRow[];
  findings: Finding[];
  verdict: SoakVerdict;
  resends: ResendAccount;
}

const isAccepted = (status: number) => status >= 200 && status < 300;

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return groups;
}

/**
 * One step of one order as Jakamo saw it. Every request after the first must be a resend
 * justified by an answer that was lost before it: a lost-answer mark on an earlier request, or
 * the step in flight at a kill. Anything beyond is a duplicate.
 */
export function judgeStep(
  documents: readonly JakamoDocumentFact[],
  killCredits: number,
): {
  processed: number;
  accepted: boolean;
  resends: number;
  allowance: number;
  duplicates: number;
  lostMarks: number;
} {
  const processed = documents.length;
  const lostBeforeLast = documents.slice(0, -1).filter((document) => document.answerLost).length;
  const allowance = lostBeforeLast + killCredits;
  const extra = Math.max(0, processed - 1);
  return {
    processed,
    accepted: documents.some((document) => isAccepted(document.httpStatus)),
    resends: Math.min(extra, allowance),
    allowance,
    duplicates: Math.max(0, extra - allowance),
    lostMarks: documents.filter((document) => document.answerLost).length,
  };
}

/** Judges the facts of a soak: the table of checks, every finding, and the verdict. */
export function checkSoak(facts: SoakFacts): SoakCheck {
  const findings: Finding[] = [];
  const find = (category: FindingCategory, subject: string, what: string) =>
    findings.push({ category, subject, what });

  const salesOrders = countBy(facts.salesOrders, (row) => row.orderKey);
  const salesStatus = new Map(facts.salesOrders.map((row) => [row.orderKey, row.status]));
  const ledger = groupBy(facts.erpLedger, (row) => row.orderKey);
  const outbound = groupBy(facts.outbound, (row) => row.orderKey);
  const archiveByKey = groupBy(
    facts.archive.filter((row) => row.orderKey !== null),
    (row) => row.orderKey ?? '',
  );
  const credits = countBy(facts.killCredits, (credit) => `${credit.orderKey}|${credit.kind}`);
  const placedKeys = new Set(facts.orders.map((order) => order.key));
  const badShas = new Set(facts.badMessages.map((message) => message.sha256));
  const resends: ResendAccount = { resends: 0, injectedLosses: 0, lostAnswers: 0, killCredits: 0 };
  const tally = {
    imported: 0,
    stepsOnce: 0,
    steps: 0,
    ledgerOnce: 0,
    decidedOnce: 0,
    final: 0,
    byStatus: new Map<string, number>(),
  };

  for (const order of facts.orders) {
    const expected = expectations[order.lifecycle];
    const workflow = facts.workflows[order.key];
    const final =
      workflow !== undefined &&
      workflow.status === expected.workflowStatus &&
      !workflow.needsAttention &&
      workflow.attention === undefined &&
      workflow.pendingEffects === 0;
    // A missing effect of an order still at work is stuck; of an order that says it is done, lost.
    const missing = final ? 'lost' : 'stuck';
    if (workflow === undefined) {
      find('stuck', order.key, 'no order workflow');
    } else {
      if (workflow.status !== undefined)
        tally.byStatus.set(workflow.status, (tally.byStatus.get(workflow.status) ?? 0) + 1);
      if (final) tally.final++;
      else
        find(
          'stuck',
          order.key,
          `workflow ${workflow.status ?? '?'} (expected ${expected.workflowStatus})` +
            (workflow.needsAttention || workflow.attention !== undefined
              ? `, needs attention${workflow.attention === undefined ? '' : ` (${workflow.attention})`}`
              : '') +
            (workflow.pendingEffects === undefined
              ? ', state not readable'
              : workflow.pendingEffects > 0
                ? `, ${workflow.pendingEffects} steps pending`
                : ''),
        );
    }

    // Received: its message archived, handed off and acknowledged.
    const messages = archiveByKey.get(order.key) ?? [];
    if (messages.length === 0) find('lost', order.key, 'its Order is not in the message archive');
    for (const message of messages) {
      if (message.status === 'quarantined')
        find(
          'quarantined-good',
          order.key,
          `its message ${message.sha256.slice(0, 12)} was quarantined: ${message.error ?? ''}`,
        );
    }

    // Imported once.
    const imported = salesOrders.get(order.key) ?? 0;
    if (imported === 0) find(missing, order.key, 'no sales order in the ERP');
    else if (imported > 1) find('duplicated', order.key, `${imported} sales orders in the ERP`);
    else tally.imported++;
    const erpStatus = salesStatus.get(order.key);
    if (imported > 0 && erpStatus !== expected.erpStatus)
      find(missing, order.key, `ERP sales order ${erpStatus ?? '?'} (expected ${expected.erpStatus})`);

    // Each ERP document applied once (the ledger is keyed by the step's id: a step decided twice has two rows).
    const applied = countBy(ledger.get(order.key) ?? [], (row) => row.kind);
    let ledgerOk = true;
    for (const [kind, want] of Object.entries(expected.ledger)) {
      const have = applied.get(kind) ?? 0;
      if (have > want)
        find('duplicated', order.key, `${have} ERP ${kind} documents applied (expected ${want})`);
      if (have < want) find(missing, order.key, `no ERP ${kind} applied`);
      if (have !== want) ledgerOk = false;
    }
    for (const [kind, have] of applied) {
      if (!(kind in expected.ledger)) {
        find('duplicated', order.key, `an ERP ${kind} that the order's lifecycle has not (${have})`);
        ledgerOk = false;
      }
    }
    if (ledgerOk) tally.ledgerOnce++;

    // Each outbound step decided once by the workflow (one record per step).
    const rows = outbound.get(order.key) ?? [];
    const rowsByKind = groupBy(rows, (row) => row.kind);
    let decidedOnce = true;
    for (const [kind, kindRows] of rowsByKind) {
      if (!expected.steps.includes(kind as OutboundKind)) {
        find('duplicated', order.key, `${kindRows.length} ${kind} step(s) the order's lifecycle has not`);
        decidedOnce = false;
      } else if (kindRows.length > 1) {
        find(
          'duplicated',
          order.key,
          `${kind} decided ${kindRows.length} times (effects ${kindRows.map((r) => r.effectId).join(', ')})`,
        );
        decidedOnce = false;
      }
    }
    if (decidedOnce) tally.decidedOnce++;

    // Jakamo's documents: each step done once, resends after injected losses counted apart.
    const jakamo = facts.jakamoOrders[order.jakamoOrderNumber];
    if (jakamo === undefined) {
      find('lost', order.key, `Jakamo does not know ${order.jakamoOrderNumber}`);
      continue;
    }
    if (jakamo.status !== expected.jakamoStatus)
      find(
        missing,
        order.key,
        `Jakamo has ${order.jakamoOrderNumber} "${jakamo.status}" (expected ${expected.jakamoStatus})`,
      );
    const documentsByKind = groupBy(jakamo.documents, (document) => document.kind);
    for (const [kind, documents] of documentsByKind) {
      if (!expected.steps.some((step) => jakamoKindOf[step] === kind))
        find(
          'duplicated',
          order.key,
          `Jakamo received ${documents.length} ${kind} the order's lifecycle has not`,
        );
    }
    for (const step of expected.steps) {
      tally.steps++;
      const documents = documentsByKind.get(jakamoKindOf[step]) ?? [];
      const judged = judgeStep(documents, credits.get(`${order.key}|${step}`) ?? 0);
      resends.resends += judged.resends;
      resends.injectedLosses += judged.allowance;
      resends.lostAnswers += judged.lostMarks;
      resends.killCredits += credits.get(`${order.key}|${step}`) ?? 0;
      if (!judged.accepted) {
        find(
          missing,
          order.key,
          `Jakamo never accepted its ${jakamoKindOf[step]} (${judged.processed} processed)`,
        );
        continue;
      }
      if (judged.duplicates > 0) {
        find(
          'duplicated',
          order.key,
          `Jakamo processed ${judged.processed} ${jakamoKindOf[step]} for one step: ${judged.duplicates} beyond the ${judged.allowance} injected loss(es) ` +
            `[${documents.map((d) => `${d.httpStatus}${d.answerLost ? ' lost' : ''}`).join(', ')}]`,
        );
        continue;
      }
      tally.stepsOnce++;
    }
  }

  // Sales orders and workflows the soak never placed (a bad message that became an order).
  for (const row of facts.salesOrders) {
    if (!placedKeys.has(row.orderKey))
      find('other', row.orderKey, 'an ERP sales order for no order the soak placed');
  }

  // The queue empty, the archive settled and equal to Jakamo's counts.
  if (facts.jakamoQueue.queued > 0)
    find('stuck', 'queue', `${facts.jakamoQueue.queued} messages still in Jakamo's queue`);
  const unsettled = facts.archive.filter(
    (row) => !row.acknowledged || (row.status !== 'acknowledged' && row.status !== 'quarantined'),
  );
  for (const row of unsettled)
    find(
      'stuck',
      `message ${row.sha256.slice(0, 12)}`,
      `archived ${row.status}, ${row.acknowledged ? 'acknowledged' : 'not acknowledged'}`,
    );
  const jakamoMessages = facts.jakamoQueue.acknowledged + facts.jakamoQueue.queued;
  if (facts.archive.length < jakamoMessages)
    find('lost', 'archive', `${facts.archive.length} messages archived, Jakamo had ${jakamoMessages}`);
  if (facts.archive.length > jakamoMessages)
    find(
      'duplicated',
      'archive',
      `${facts.archive.length} messages archived, Jakamo had only ${jakamoMessages}`,
    );
  if (jakamoMessages !== facts.enqueued)
    find(
      'other',
      'queue',
      `Jakamo counts ${jakamoMessages} messages, the soak put ${facts.enqueued} in its queue`,
    );

  // Bad messages quarantined; nothing else quarantined.
  const archiveBySha = new Map(facts.archive.map((row) => [row.sha256, row]));
  let badQuarantined = 0;
  for (const message of facts.badMessages) {
    const row = archiveBySha.get(message.sha256);
    if (row === undefined) find('lost', message.name, 'bad message not in the archive');
    else if (row.status !== 'quarantined')
      find('other', message.name, `bad message ${row.status}, not quarantined`);
    else badQuarantined++;
  }
  const goodQuarantined = facts.archive.filter(
    (row) => row.status === 'quarantined' && !badShas.has(row.sha256),
  );
  for (const row of goodQuarantined) {
    if (row.orderKey === null || !placedKeys.has(row.orderKey))
      find(
        'quarantined-good',
        `message ${row.sha256.slice(0, 12)}`,
        `quarantined and not a bad message: ${row.error ?? ''}`,
      );
  }

  // Nothing needing attention, the intake running.
  const orderKeys = placedKeys;
  for (const id of facts.needingAttention) {
    if (!orderKeys.has(id)) find('stuck', id, 'needs attention');
  }
  if (!facts.intake.running) find('stuck', 'intake', 'the intake workflow is not running');
  if (facts.intake.needsAttention) find('stuck', 'intake', 'the intake needs attention');
  if (facts.timedOut) find('stuck', 'run', 'the soak did not settle before its deadline');
  for (const exit of facts.unplannedWorkerExits)
    find('other', `worker ${exit}`, 'the worker ended by itself');

  const verdict = verdictOf(findings);
  const total = facts.orders.length;
  const statusList = [...tally.byStatus].map(([status, n]) => `${n} ${status}`).join(', ');
  const subjects = (category: FindingCategory) =>
    new Set(findings.filter((f) => f.category === category).map((f) => f.subject)).size;
  const rows: CheckRow[] = [
    {
      check: 'imported once (ERP sales orders)',
      ok: tally.imported === total,
      detail: `${tally.imported}/${total}`,
    },
    {
      check: "each step done once (Jakamo's documents)",
      ok: tally.stepsOnce === tally.steps,
      detail:
        `${tally.stepsOnce}/${tally.steps} steps; resends after injected losses ${resends.resends} ` +
        `(allowed ${resends.injectedLosses}: ${resends.lostAnswers} lost answers, ${resends.killCredits} in flight at kills)`,
    },
    {
      check: 'ERP documents applied once',
      ok: tally.ledgerOnce === total,
      detail: `${tally.ledgerOnce}/${total} orders`,
    },
    {
      check: 'each step decided once (outbound records)',
      ok: tally.decidedOnce === total,
      detail: `${tally.decidedOnce}/${total} orders`,
    },
    {
      check: 'workflows settled in their final status',
      ok: tally.final === total,
      detail: `${tally.final}/${total} (${statusList === '' ? 'none' : statusList})`,
    },
    {
      check: 'nothing needs attention',
      ok: facts.needingAttention.length === 0 && !facts.intake.needsAttention,
      detail: `${facts.needingAttention.length} workflows`,
    },
    { check: 'intake running', ok: facts.intake.running, detail: facts.intake.running ? 'yes' : 'no' },
    {
      check: "Jakamo's queue empty",
      ok: facts.jakamoQueue.queued === 0,
      detail: `${facts.jakamoQueue.queued} queued`,
    },
    {
      check: "archive settled, equal to Jakamo's counts",
      ok:
        unsettled.length === 0 &&
        facts.archive.length === jakamoMessages &&
        jakamoMessages === facts.enqueued,
      detail: `${facts.archive.length} archived, ${unsettled.length} unsettled; Jakamo ${jakamoMessages} messages (${facts.jakamoQueue.acknowledged} acknowledged); the soak enqueued ${facts.enqueued}`,
    },
    {
      check: 'bad messages quarantined',
      ok: badQuarantined === facts.badMessages.length,
      detail: `${badQuarantined}/${facts.badMessages.length}`,
    },
    {
      check: 'nothing valid quarantined',
      ok: subjects('quarantined-good') === 0,
      detail: `${subjects('quarantined-good')}`,
    },
  ];
  return { rows, findings, verdict, resends };
}

/** Counts each category's subjects once (an order duplicated in two ways is one duplicated order). */
export function verdictOf(findings: readonly Finding[]): SoakVerdict {
  const count = (category: FindingCategory) =>
    new Set(findings.filter((finding) => finding.category === category).map((finding) => finding.subject))
      .size;
  const verdict = {
    lost: count('lost'),
    duplicated: count('duplicated'),
    stuck: count('stuck'),
    quarantinedGood: count('quarantined-good'),
    other: count('other'),
  };
  return {
    ...verdict,
    pass: Object.values(verdict).every((n) => n === 0),
  };
}

/** The one verdict line: `verdict: lost 0, duplicated 0, stuck 0, quarantined-good 0 — PASS`. */
export function verdictLine(verdict: SoakVerdict): string {
  const other = verdict.other > 0 ? `, other ${verdict.other}` : '';
  return (
    `verdict: lost ${verdict.lost}, duplicated ${verdict.duplicated}, stuck ${verdict.stuck}, ` +
    `quarantined-good ${verdict.quarantinedGood}${other} — ${verdict.pass ? 'PASS' : 'FAIL'}`
  );
}
