import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../worker/temporal-binaries';

/** `../shared` beside the project (the team's shared folder), when this checkout has it. */
export const sharedDir = path.resolve(projectRoot, '..', 'shared');

/** The OASIS UBL 2.1 runtime schemas from `../shared`, or undefined when they are not there. */
export function sharedSchemaDir(): string | undefined {
  const dir = path.join(sharedDir, 'ubl-2.1', 'xsdrt');
  return fs.existsSync(path.join(dir, 'maindoc')) ? dir : undefined;
}
