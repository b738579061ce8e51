import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { z } from 'zod';
import {
  confirmRequestOf,
  deliverRequestOf,
  InvalidOrderOptions,
} from '../../client/cli/order-request-options';
import { invalidInput } from '../../client/erp-api/errors';
import { confirmRequestSchema, deliverRequestSchema } from '../../client/erp-api/schemas';

/** The options of `order confirm | deliver` become the ERP API's request bodies, checked by the API's schemas. */

/** What the ERP API answers for this body: the request, or its 400's message. */
function apiAnswer(schema: z.ZodType, body: unknown): unknown {
  const parsed = schema.safeParse(body);
  return parsed.success ? parsed.data : invalidInput(parsed.error).message;
}

/** What the CLI makes of these options: the request, or its message. */
function cliAnswer(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    assert.ok(error instanceof InvalidOrderOptions, String(error));
    return error.message;
  }
}

const confirmLines = [
  '[{"lineId":"1","quantity":"8","price":"12.50","deliveryDate":"2026-12-01"},{"lineId":"2"}]',
  '[{"lineId":"1","quantity":8}]',
  '[{"lineId":"1","price":12.5}]',
  '[{"lineId":3,"quantity":"8"}]',
  '[{"lineId":"1","quantity":"-2"}]',
  '[{"lineId":"1","quantity":"8,5"}]',
  '[{"lineId":"1","quantity":"1e3"}]',
  '[{"lineId":"1","deliveryDate":"2026-02-30"}]',
  '[{"lineId":"1","deliveryDate":"2028-02-29"}]',
  '[{"lineId":"1","qty":"8"}]',
  '[{"quantity":"8"}]',
  '[{"lineId":""}]',
  '["1"]',
  '{"lineId":"1"}',
  '[]',
];

const deliverLines = [
  '[{"lineId":"1","quantity":"2.5"},{"lineId":"2","quantity":"4"}]',
  '[{"lineId":"1"}]',
  '[{"lineId":"1","quantity":4}]',
  '[{"lineId":"1","quantity":"1","price":"2"}]',
];

void describe('order confirm | deliver options: the ERP API body, by its schemas', () => {
  void test('confirm: what the API accepts the CLI accepts; what it refuses the CLI refuses in its words', () => {
    for (const lines of confirmLines) {
      const api = apiAnswer(confirmRequestSchema, { lines: JSON.parse(lines) as unknown, note: 'n' });
      const cli = cliAnswer(() => confirmRequestOf({ lines, note: 'n' }));
      // The API names the body's field (lines[0].quantity), the CLI its option (--lines[0].quantity).
      assert.deepEqual(cli, typeof api === 'string' ? `--${api}` : api, lines);
    }
  });

  void test('deliver: the same, each line with the quantity delivered now', () => {
    for (const lines of deliverLines) {
      const api = apiAnswer(deliverRequestSchema, { lines: JSON.parse(lines) as unknown });
      const cli = cliAnswer(() => deliverRequestOf({ lines }));
      assert.deepEqual(cli, typeof api === 'string' ? `--${api}` : api, lines);
    }
  });

  void test('exact decimal strings pass as they are; JSON numbers are refused naming the field', () => {
    assert.deepEqual(confirmRequestOf({ lines: confirmLines[0], note: 'Only one in stock' }), {
      lines: [{ lineId: '1', quantity: '8', price: '12.50', deliveryDate: '2026-12-01' }, { lineId: '2' }],
      note: 'Only one in stock',
    });
    assert.throws(
      () => confirmRequestOf({ lines: '[{"lineId":"1","price":12.5}]' }),
      /^InvalidOrderOptions: --lines\[0\]\.price: must be a decimal written as a string, such as "8" or "12\.50"$/,
    );
    assert.throws(
      () => deliverRequestOf({ lines: '[{"lineId":"1"}]' }),
      /^InvalidOrderOptions: --lines\[0\]\.quantity: must be a decimal written as a string/,
    );
  });

  void test('options left out are fields left out; the other options are named as options', () => {
    assert.deepEqual(confirmRequestOf({}), {});
    assert.deepEqual(deliverRequestOf({ note: 'all of it' }), { note: 'all of it' });
    assert.throws(
      () => confirmRequestOf({ sellerContact: '' }),
      /^InvalidOrderOptions: --seller-contact: must not be empty$/,
    );
    assert.throws(
      () => deliverRequestOf({ note: 'x'.repeat(4001) }),
      /^InvalidOrderOptions: --note: must be at most 4000 characters$/,
    );
  });

  void test('--lines that is not JSON gets the example', () => {
    assert.throws(
      () => confirmRequestOf({ lines: '1:8' }),
      /^InvalidOrderOptions: --lines must be a JSON array like \[\{"lineId":"1","quantity":"8"\}\] \(/,
    );
    assert.throws(() => deliverRequestOf({ lines: '{"lineId":"1"}' }), /--lines: must be a list of lines$/);
    assert.throws(
      () => confirmRequestOf({ lines: '[]' }),
      /--lines: is empty: leave it out to mean every line$/,
    );
  });
});
