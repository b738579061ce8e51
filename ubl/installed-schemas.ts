import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root';

/** Where `scripts/install-ubl-schemas.sh` puts the OASIS UBL 2.1 schemas (the folder holding common/ and maindoc/). */
export const installedUblSchemaDir = path.join(projectRoot, '.tools', 'ubl-2.1', 'xsdrt');
const installScript = path.join(projectRoot, 'scripts', 'install-ubl-schemas.sh');

/** True when `dir` holds the UBL 2.1 schemas (maindoc/UBL-Order-2.1.xsd and its siblings). */
export function holdsUblSchemas(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'maindoc', 'UBL-Order-2.1.xsd'));
}

/**
 * The UBL 2.1 schema folder for `npm start` and `npm test`: the configured one (UBL_SCHEMA_DIR),
 * else the installed one, installing it first if needed. `strict`: a failed install throws;
 * otherwise it gives undefined (the install script has said what to do) and the caller goes on
 * without XSD validation.
 */
export function ensureUblSchemas(
  configured: string | undefined,
  { strict = false } = {},
): string | undefined {
  if (configured !== undefined) {
    if (strict && !holdsUblSchemas(configured)) {
      throw new Error(
        `UBL_SCHEMA_DIR=${configured} does not hold the UBL 2.1 schemas (no maindoc/UBL-Order-2.1.xsd)`,
      );
    }
    return configured;
  }
  if (holdsUblSchemas(installedUblSchemaDir)) return installedUblSchemaDir;
  // UBL_SCHEMA_DIR is not set (it would be `configured`): the script installs into .tools/.
  try {
    execFileSync('bash', [installScript, ...(strict ? [] : ['--soft'])], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } catch {
    throw new Error('The UBL 2.1 schemas are not available (see the message above for what to do).');
  }
  return holdsUblSchemas(installedUblSchemaDir) ? installedUblSchemaDir : undefined;
}
