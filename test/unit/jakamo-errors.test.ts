import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  JakamoApiError,
  JakamoErrorType,
  classifyJakamoAnswer,
  isRetryable,
  readJakamoErrors,
} from '../../activities/jakamo/jakamo-errors';

void describe('Jakamo answers sorted into error classes', () => {
  void test('reads every <error> element, decoding entities', () => {
    assert.deepEqual(
      readJakamoErrors('<errors><error>LineItem missing Quantity</error><error>A &amp; B</error></errors>'),
      ['LineItem missing Quantity', 'A & B'],
    );
    assert.deepEqual(readJakamoErrors('plain text'), ['plain text']);
    assert.deepEqual(readJakamoErrors('  '), []);
  });

  const cases: [number, string, JakamoErrorType][] = [
    [400, 'Authentication failed.', JakamoErrorType.AuthenticationFailed],
    [400, 'No customer mapping found', JakamoErrorType.MappingMissing],
    [400, 'Errors in SellerContact element. Missing mapping?', JakamoErrorType.MappingMissing],
    [400, 'Incorrect order response', JakamoErrorType.DocumentRejected],
    [400, 'LineItem missing Quantity', JakamoErrorType.DocumentRejected],
    [400, 'Price\\PriceAmount is required.', JakamoErrorType.DocumentRejected],
    [400, 'Cannot find order.', JakamoErrorType.OrderNotFound],
    [400, 'Something else', JakamoErrorType.BadRequest],
    [413, 'too large', JakamoErrorType.BadRequest],
    [500, 'Internal error', JakamoErrorType.Unavailable],
    [503, '', JakamoErrorType.Unavailable],
    [429, '', JakamoErrorType.Unavailable],
  ];
  for (const [status, body, expected] of cases) {
    void test(`${status} "${body}" is ${expected}`, () => {
      assert.equal(classifyJakamoAnswer(status, readJakamoErrors(`<error>${body}</error>`)), expected);
    });
  }

  void test('only transient classes are retried', () => {
    assert.equal(isRetryable(JakamoErrorType.Unavailable), true);
    assert.equal(isRetryable(JakamoErrorType.Unreachable), true);
    assert.equal(isRetryable(JakamoErrorType.AuthenticationFailed), false);
    assert.equal(isRetryable(JakamoErrorType.MappingMissing), false);
  });

  void test('the error message quotes Jakamo and says what to do next', () => {
    const error = new JakamoApiError(JakamoErrorType.MappingMissing, 'POST /api/orderresponse', 400, [
      'No customer mapping found',
    ]);
    assert.match(error.message, /POST \/api\/orderresponse answered 400: No customer mapping found/);
    assert.match(error.message, /add the missing company or user mapping/);
  });
});
