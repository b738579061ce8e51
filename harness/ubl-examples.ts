import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root';
import { installedUblSchemaDir } from '../ubl/installed-schemas';

/**
 * The team's shared folder with the OASIS, Peppol and Jakamo examples: JAKAMO_SO_SHARED_DIR, else
 * `../shared` beside the project. A fresh clone has none: the default suite runs on the documents
 * in test/fixtures/ubl/, and the conformance tests on the examples are skipped with a note.
 */
export const sharedDir = process.env.JAKAMO_SO_SHARED_DIR || path.resolve(projectRoot, '..', 'shared');
export const examplesDir = path.join(sharedDir, 'examples');
export const sharedPresent = fs.existsSync(path.join(examplesDir, 'oasis'));

/** Options for a conformance test (or suite) on the examples in ../shared: skipped with a note without them. */
export const conformance: { skip?: string } = sharedPresent
  ? {}
  : { skip: '../shared not present: conformance tests on the OASIS/Peppol examples skipped' };

/** The example file `examples/<folder>/<file>` from ../shared (only inside a conformance test). */
export function sharedExample(folder: string, file: string): string {
  return fs.readFileSync(path.join(examplesDir, folder, file), 'utf8');
}

/** The UBL 2.1 schemas the tests validate against: UBL_SCHEMA_DIR, else those `npm test` installs under .tools/. */
export const schemaDir = process.env.UBL_SCHEMA_DIR || installedUblSchemaDir;

/** UBL documents written for this repository's tests, valid against the schemas. */
export const fixturesDir = path.join(projectRoot, 'test', 'fixtures', 'ubl');

export function fixture(file: string): string {
  return fs.readFileSync(path.join(fixturesDir, file), 'utf8');
}
