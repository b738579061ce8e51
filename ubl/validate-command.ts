import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadSettings, type Settings } from '../config/settings';
import { UblDocumentError } from './errors';
import { JavaXsdValidator } from './java-validator';
import { Libxml2XsdValidator } from './libxml2-validator';
import type { ValidationResult, XsdValidator } from './xsd-validator';
import { schemaFile } from './xsd-validator';
import { decodeXmlInput } from './xml-input';

const HOW_TO_GET_SCHEMAS =
  'install them with `bash scripts/install-ubl-schemas.sh` (needs Maven), or download the OASIS UBL 2.1 distribution ' +
  '(https://docs.oasis-open.org/ubl/os-UBL-2.1/UBL-2.1.zip), unpack it and point UBL_SCHEMA_DIR (or --schemas) ' +
  'at its xsdrt/ folder (the one holding common/ and maindoc/)';

interface ValidateOptions {
  schemas?: string;
  engine: string;
}

/**
 * The schema folder from --schemas, else the settings' (UBL_SCHEMA_DIR or the installed schemas),
 * or an error message telling the user how to get one.
 */
function resolveSchemaDir(
  option: string | undefined,
  settings: () => Settings,
): { dir: string } | { error: string } {
  let dir = option;
  if (dir === undefined) {
    try {
      dir = settings().ublSchemaDir;
    } catch (error) {
      return { error: (error as Error).message };
    }
  }
  if (dir === undefined) return { error: `No UBL 2.1 schemas configured: ${HOW_TO_GET_SCHEMAS}.` };
  const resolved = path.resolve(dir);
  if (!existsSync(schemaFile(resolved, 'Order'))) {
    return {
      error: `${resolved} does not hold the UBL 2.1 schemas (no maindoc/UBL-Order-2.1.xsd): ${HOW_TO_GET_SCHEMAS}.`,
    };
  }
  return { dir: resolved };
}

function report(file: string, result: ValidationResult): string {
  const heading = `${file}: ${result.documentType ?? 'unknown document type'}: ${result.valid ? 'valid' : 'invalid'}\n`;
  const problems = result.problems.map((problem) => {
    const where =
      problem.line === undefined
        ? ''
        : `line ${problem.line}${problem.column ? `, column ${problem.column}` : ''}: `;
    return `  ${where}${problem.message}\n`;
  });
  return heading + problems.join('');
}

/**
 * `jakamo-so validate <file...> [--schemas <dir>] [--engine libxml2|java]`: validates each file
 * against UBL 2.1 and prints its document type, valid / invalid and every problem with its line.
 * Exits 0 only when every file is valid (through `command.error`, so `exitOverride` works in tests).
 */
export function registerValidateCommand(
  program: Command,
  settings: () => Settings = () => loadSettings(),
): void {
  program
    .command('validate')
    .description('validate UBL 2.1 ordering documents against the OASIS schemas')
    .argument('<file...>', 'XML files to validate')
    .option(
      '--schemas <dir>',
      'the OASIS UBL 2.1 xsdrt/ folder (default: UBL_SCHEMA_DIR, else the schemas installed under .tools/)',
    )
    .option('--engine <engine>', 'libxml2 (fast, in process) or java (xsd-schema-validator)', 'libxml2')
    .action(async (files: string[], options: ValidateOptions, command: Command) => {
      const write = (text: string) =>
        (command.configureOutput().writeOut ?? ((s: string) => process.stdout.write(s)))(text);
      const schemas = resolveSchemaDir(options.schemas, settings);
      if ('error' in schemas)
        command.error(schemas.error, { exitCode: 2, code: 'jakamo-so.validate.no-schemas' });
      if (options.engine !== 'libxml2' && options.engine !== 'java') {
        command.error(`--engine must be libxml2 or java, not "${options.engine}"`, { exitCode: 2 });
      }
      const libxml2 = options.engine === 'libxml2' ? new Libxml2XsdValidator(schemas.dir) : undefined;
      const validator: XsdValidator = libxml2 ?? new JavaXsdValidator(schemas.dir);
      let invalid = 0;
      try {
        for (const file of files) {
          let result: ValidationResult;
          try {
            result = await validator.validate(decodeXmlInput(readFileSync(file)));
          } catch (error) {
            const message =
              error instanceof UblDocumentError
                ? error.message
                : `cannot read the file: ${(error as Error).message}`;
            result = { valid: false, problems: [{ message, line: (error as { line?: number }).line }] };
          }
          if (!result.valid) invalid++;
          write(report(file, result));
        }
      } finally {
        libxml2?.dispose();
      }
      if (invalid > 0) {
        command.error(`${invalid} of ${files.length} file(s) invalid`, {
          exitCode: 1,
          code: 'jakamo-so.validate.invalid',
        });
      }
    });
}
