import { validateXML } from 'xsd-schema-validator';
import type { UblDocumentType } from './namespaces';
import {
  prepareValidation,
  schemaFile,
  type ValidationProblem,
  type ValidationResult,
  type XsdValidator,
} from './xsd-validator';

const messagePattern =
  /\[(error|fatal|warning)\]\s*([\s\S]*?)(?:\s*\((\d+):(\d+)\))?(?=\[(?:error|fatal|warning)\]|$)/g;

/** Splits xsd-schema-validator's "[error] text (line:col)" messages (several may arrive in one chunk). */
export function parseJavaMessages(messages: readonly string[]): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const chunk of messages) {
    for (const match of chunk.matchAll(messagePattern)) {
      if (match[1] === 'warning') continue;
      const problem: ValidationProblem = { message: (match[2] ?? '').trim() };
      if (match[3] !== undefined) problem.line = Number(match[3]);
      if (match[4] !== undefined) problem.column = Number(match[4]);
      // Fatal parse errors are reported twice, once without a position: keep the first.
      if (!problems.some((known) => known.message === problem.message)) problems.push(problem);
    }
  }
  return problems;
}

function hasMessages(error: unknown): error is { messages: string[] } {
  return (
    typeof error === 'object' && error !== null && Array.isArray((error as { messages?: unknown }).messages)
  );
}

/**
 * The independent second engine: Xerces in a JVM through xsd-schema-validator (one JVM per call,
 * about 0.6 s). Used to cross-check the libxml2 validator and in the benchmark, not on the hot path.
 */
export class JavaXsdValidator implements XsdValidator {
  constructor(private readonly schemaDir: string) {}

  async validate(xml: string, documentType?: UblDocumentType): Promise<ValidationResult> {
    const prepared = prepareValidation(xml, documentType);
    if ('result' in prepared) return prepared.result;
    const type = prepared.documentType;
    try {
      await validateXML(xml, schemaFile(this.schemaDir, type));
      return { valid: true, documentType: type, problems: [] };
    } catch (error) {
      if (!hasMessages(error)) throw error;
      const problems = parseJavaMessages(error.messages);
      return {
        valid: false,
        documentType: type,
        problems: problems.length > 0 ? problems : [{ message: (error as unknown as Error).message }],
      };
    }
  }
}
