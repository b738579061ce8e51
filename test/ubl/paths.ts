import path from 'node:path';

/** The repo root; CI clones the repo beside ../shared. */
export const repoRoot = path.resolve(__dirname, '..', '..');
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const schemaDir = path.join(sharedDir, 'ubl-2.1', 'xsdrt');
export const examplesDir = path.join(sharedDir, 'examples');
export const goldenDir = path.join(__dirname, 'golden');
