import path from 'node:path';

/** The repo root. */
export const repoRoot = path.resolve(__dirname, '..', '..');
export { examplesDir, fixturesDir, schemaDir, sharedDir } from '../../harness/ubl-examples';
export const goldenDir = path.join(__dirname, 'golden');
