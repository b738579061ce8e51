import { parseXmlDocument, textAt } from './xml-reader';

/**
 * ASSUMPTION (see docs/sandbox.md): the seed says the confirm URL "accepts parameters, given in
 * message body" (Note, EmphasizeOriginalAgreedDetails) but not their encoding. The sandbox
 * accepts all plausible ones: form-encoded (`Note=...`), JSON (`{"Note": "..."}`) and XML
 * (`<Note>...</Note>` as the root or as a child of any root). An empty body is fine.
 */
export function readConfirmNote(body: string, contentType: string | undefined): string | undefined {
  const trimmed = body.trim();
  if (trimmed === '') return undefined;
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json') || trimmed.startsWith('{')) {
    const parsed = JSON.parse(trimmed) as { Note?: unknown };
    return typeof parsed.Note === 'string' && parsed.Note !== '' ? parsed.Note : undefined;
  }
  if (type.includes('xml') || trimmed.startsWith('<')) {
    const { rootName, root } = parseXmlDocument(trimmed);
    if (rootName === 'Note') {
      const text = typeof root['#text'] === 'string' ? root['#text'] : undefined;
      return text === undefined || text === '' ? undefined : text;
    }
    return textAt(root, 'Note');
  }
  const note = new URLSearchParams(trimmed).get('Note');
  return note === null || note === '' ? undefined : note;
}
