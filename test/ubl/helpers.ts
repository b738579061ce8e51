import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UblDocumentError, type UblErrorCode } from '../../ubl/errors';
import { examplesDir } from './paths';

export function example(folder: string, file: string): string {
  return readFileSync(path.join(examplesDir, folder, file), 'utf8');
}

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
