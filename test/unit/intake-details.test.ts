import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { intakeCommand } from '../../domain/commands';
import { intakeDetails } from '../../workflows/intake-details';
import { newIntakeState, type IntakeState } from '../../workflows/intake-messages';

/* What the Temporal Web UI shows of a queue intake: running or paused, last drain, totals, attention. */

const fresh = (): IntakeState => newIntakeState('demo');

const options = { pollIntervalMs: 10_000 };

void describe('intake current details', () => {
  void test('a fresh intake: running, its poll interval, no drain yet, zero totals', () => {
    assert.equal(
      intakeDetails(fresh(), options),
      [
        "**Running** — drains Jakamo's queue of integration demo, polls every 10 s when it is empty",
        '',
        'No drain finished yet.',
        '',
        '| received | redelivered | handed off | quarantined | acknowledged |',
        '| --- | --- | --- | --- | --- |',
        '| 0 | 0 | 0 | 0 | 0 |',
      ].join('\n'),
    );
  });

  void test('after drains: the last drain and the totals', () => {
    const state: IntakeState = {
      ...fresh(),
      drains: 3,
      lastDrainAt: '2026-04-01T08:15:42.123Z',
      totals: { received: 35, redelivered: 1, handedOff: 33, quarantined: 2, acknowledged: 35 },
    };
    const details = intakeDetails(state, options);
    assert.ok(
      details.includes('Last drain 2026-04-01 08:15:42 UTC · 3 drains since this run started'),
      details,
    );
    assert.ok(details.includes('| 35 | 1 | 33 | 2 | 35 |'), details);
  });

  void test('paused by an operator: why, and the command that resumes it', () => {
    const details = intakeDetails({ ...fresh(), paused: true, pausedBecause: 'ERP maintenance' }, options);
    assert.ok(
      details.startsWith(
        '**Paused** — ERP maintenance; resume with `JAKAMO_INTEGRATION=demo jakamo-so intake resume`',
      ),
      details,
    );
  });

  void test("refused credentials: paused, Jakamo's words and what to do", () => {
    const details = intakeDetails(
      {
        ...fresh(),
        paused: true,
        pausedBecause: 'Authentication failed.',
        attention: {
          errorType: 'JakamoAuthenticationFailed',
          reason: 'Authentication failed.',
          since: '2026-04-01T08:00:00.000Z',
        },
      },
      options,
    );
    assert.ok(details.startsWith('**Paused** — Authentication failed.'), details);
    assert.ok(
      details.includes('**Needs attention** since 2026-04-01 08:00:00 UTC: `JakamoAuthenticationFailed`'),
      details,
    );
    assert.ok(details.includes('> Authentication failed.'), details);
    assert.ok(details.includes(`\`${intakeCommand('demo', 'resume')}\``), details);
  });

  void test('a drain interrupted by a transient error says so', () => {
    const details = intakeDetails({ ...fresh(), lastError: 'socket hang up' }, options);
    assert.ok(details.endsWith('Last drain interrupted by: socket hang up'), details);
  });
});
