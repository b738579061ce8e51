import type { z } from 'zod';

/**
 * What zod found wrong with a request, in the caller's words: the failing field as they wrote
 * it (`lines[0].quantity`) and what is wrong with it. The ERP API answers it as a 400; the CLI,
 * which checks `order confirm | deliver` with the same schemas, names its options the same way.
 */

/** A field path as the caller wrote it: `where` (a prefix, may be empty), then `lines[0].quantity`. */
export function fieldPath(where: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`,
    where,
  );
}

/** The first problem zod found: the path of the failing field (an unknown field's own name last) and the words. */
export function firstInputProblem(error: z.ZodError): { path: PropertyKey[]; message: string } {
  const issue = error.issues[0];
  if (issue === undefined) return { path: [], message: 'invalid' };
  if (issue.code === 'unrecognized_keys') {
    return {
      path: [...issue.path, issue.keys[0] ?? ''],
      message: `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')}`,
    };
  }
  return { path: [...issue.path], message: issue.message };
}
