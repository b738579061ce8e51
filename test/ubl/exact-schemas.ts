import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Where the exact-import tests read their documents (written for them, valid against the XSD). */
export const exactFixturesDir = path.join(repoRoot, 'test', 'fixtures', 'ubl', 'exact');

export function exactFixture(file: string): string {
  return fs.readFileSync(path.join(exactFixturesDir, file), 'utf8');
}

function holdsSchemas(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'maindoc', 'UBL-Order-2.1.xsd'));
}

/**
 * The OASIS UBL 2.1 `xsdrt` folder for the XSD checks: UBL_SCHEMA_DIR, else the schemas installed
 * under `.tools/ubl-2.1`, else `../shared/ubl-2.1/xsdrt`; with none of them, a note to skip with.
 */
export function resolveSchemaDir(): { dir: string } | { skip: string } {
  // A configured folder is used as it is: a wrong one fails the XSD checks loudly.
  const configured = process.env.UBL_SCHEMA_DIR;
  if (configured !== undefined && configured !== '') return { dir: configured };
  const candidates = [
    path.join(repoRoot, '.tools', 'ubl-2.1', 'xsdrt'),
    path.join(repoRoot, '.tools', 'ubl-2.1'),
    path.join(repoRoot, '..', 'shared', 'ubl-2.1', 'xsdrt'),
  ];
  const dir = candidates.find(holdsSchemas);
  if (dir !== undefined) return { dir };
  return {
    skip: 'no UBL 2.1 schemas (UBL_SCHEMA_DIR, .tools/ubl-2.1 or ../shared/ubl-2.1/xsdrt): XSD check skipped',
  };
}
