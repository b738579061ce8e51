import path from 'node:path';

/** The project's folder (the clone): where `.tools/`, `.data/` and `scripts/` are found. */
export const projectRoot = path.resolve(__dirname, '..');
