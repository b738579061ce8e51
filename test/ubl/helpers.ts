import assert from 'node:assert/strict';
import { UblDocumentError, type UblErrorCode } from '../../ubl/errors';

/** `example(folder, file)` reads ../shared/examples: only inside a test or suite with the `conformance` options. */
export { conformance, fixture, sharedExample as example } from '../../harness/ubl-examples';

/** Asserts that `run` throws a UblDocumentError with this code and a message matching `message`. */
export function assertUblError(run: () => unknown, code: UblErrorCode, message?: RegExp): UblDocumentError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof UblDocumentError, `expected a UblDocumentError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (message) assert.match(caught.message, message);
  return caught;
}
