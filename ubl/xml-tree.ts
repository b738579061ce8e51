import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UblDocumentError } from './errors';
import { emptyDocument, lineOf } from './xml-input';

/**
 * A namespace-resolved XML element. The codec reads UBL through this tree so that elements are
 * matched by namespace URI and local name, whatever prefixes (or default namespaces) the sender used.
 */
export interface XmlElement {
  namespace: string;
  name: string;
  /** Attributes without a prefix (unitCode, currencyID, schemeID …) by local name. */
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  /** Concatenated, trimmed character data directly inside this element. */
  text: string;
}

/** Deeper than any UBL document; stops stack exhaustion on hostile nesting. */
const MAX_DEPTH = 256;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Entities are decoded by `decodeEntities` below (predefined and numeric only): the parser
  // must never expand anything itself.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  // The parser's own nesting limit (default 100) is the one that trips first: keep it at ours.
  maxNestedTags: MAX_DEPTH,
});

/**
 * Rejects any document type declaration before parsing: UBL never needs one, and a DTD is how
 * XXE, billion-laughs and external-DTD attacks get in. Rejection is deliberate, not expansion-limited.
 *
 * Only real markup counts: the scan walks the document's markup, skipping comments, CDATA sections
 * and processing instructions, so `<!DOCTYPE` written inside one of them (or escaped in text) is
 * data, not a declaration. Any other `<!` markup is a declaration (`<!DOCTYPE`, `<!ENTITY`,
 * `<!ELEMENT` …): in the prolog it is a DTD, anywhere else it is not even well-formed, and the
 * parser would otherwise read past it, so it is refused wherever it is.
 *
 * The same walk refuses an XML declaration anywhere but at the start (the parser would take one in
 * the middle of the document for a processing instruction and carry on).
 */
export function rejectDtd(text: string): void {
  let index = text.indexOf('<');
  while (index !== -1) {
    let next: number;
    if (text.startsWith('<!--', index)) next = skipPast(text, index + 4, '-->');
    else if (text.startsWith('<![CDATA[', index)) next = skipPast(text, index + 9, ']]>');
    else if (text.startsWith('<?', index)) {
      if (/^<\?xml[\s?]/i.test(text.slice(index, index + 6)) && text.slice(0, index).trim() !== '') {
        const line = lineOf(text, index);
        throw new UblDocumentError(
          'malformed',
          `The document is not well-formed XML at line ${line}: an XML declaration (<?xml …?>) may only ` +
            'stand at the very start of a document (two documents run together?)',
          undefined,
          line,
        );
      }
      next = skipPast(text, index + 2, '?>');
    } else if (text.startsWith('<!', index)) throw declarationAt(text, index);
    else next = endOfTag(text, index + 1);
    // Something unterminated: nothing after it is markup, and the parser reports it as malformed.
    if (next === -1) return;
    index = text.indexOf('<', next);
  }
}

function declarationAt(text: string, index: number): UblDocumentError {
  const keyword = /^<!([A-Za-z]+)/.exec(text.slice(index, index + 12))?.[1]?.toUpperCase() ?? 'markup';
  const line = lineOf(text, index);
  return new UblDocumentError(
    'dtd-forbidden',
    `The document contains ${/^[AEIOU]/.test(keyword) ? 'an' : 'a'} ${keyword} declaration at line ${line}: ` +
      'DTDs and entity declarations are refused (no DTD processing, no entity expansion)',
    undefined,
    line,
  );
}

/** The index just past `end`, searching from `from`; -1 when it never comes. */
function skipPast(text: string, from: number, end: string): number {
  const found = text.indexOf(end, from);
  return found === -1 ? -1 : found + end.length;
}

/** The index just past the `>` closing a start or end tag, stepping over quoted attribute values. */
function endOfTag(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '>') return i + 1;
  }
  return -1;
}

/** Parses checked, decoded text (see `decodeXmlInput`, `rejectDtd`) into the root element. */
export function parseXmlTree(text: string): XmlElement {
  if (text.trim() === '') throw emptyDocument();
  if (text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '').trim() === '') {
    throw emptyDocument('no element, only an XML declaration, comments or processing instructions');
  }
  const checked = guarded(() => XMLValidator.validate(text, { allowBooleanAttributes: false }));
  if (checked !== true) {
    const { msg, line, col } = checked.err;
    const unclosed = unclosedAtEnd(msg);
    if (unclosed !== undefined) {
      const last = lineOf(text, text.length);
      throw new UblDocumentError(
        'malformed',
        `The document is not well-formed XML at line ${last}: it ends before ${unclosed} ` +
          `${unclosed.includes(',') ? 'are' : 'is'} closed (the message was cut off?)`,
        undefined,
        last,
      );
    }
    const hint = /char '&' is not expected/.test(msg) ? ' (a "&" in text must be written &amp;)' : '';
    throw new UblDocumentError(
      'malformed',
      `The document is not well-formed XML at line ${line}, column ${col}: ${msg}${hint}`,
      undefined,
      line,
    );
  }
  const nodes = guarded(() => parser.parse(text) as RawNode[]);
  const roots = nodes.filter((node) => elementName(node) !== undefined);
  const root = roots[0];
  if (roots.length !== 1 || root === undefined) {
    throw new UblDocumentError(
      'malformed',
      `The document must have exactly one root element, found ${roots.length}`,
    );
  }
  return toElement(root, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), 1);
}

/**
 * fast-xml-parser reports elements left open at the end of the input as
 * `Invalid '["Order","cac:OrderLine"]' found.` (at line 1): the element names, for a person.
 */
function unclosedAtEnd(message: string): string | undefined {
  const list = /^Invalid '(\[[\s\S]*\])' found\.?$/.exec(message)?.[1];
  if (list === undefined) return undefined;
  try {
    const names = JSON.parse(list) as unknown;
    if (!Array.isArray(names) || names.length === 0) return undefined;
    return names.map((name) => `<${String(name)}>`).join(', ');
  } catch {
    return undefined;
  }
}

type RawNode = Record<string, unknown>;

/** fast-xml-parser throws plain Errors for some limits (for example nesting depth): type them. */
function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof UblDocumentError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/Maximum nested tags exceeded/i.test(message)) throw tooDeep();
    if (error instanceof RangeError) {
      // A stack overflow in the parser: nothing a UBL document could cause.
      throw new UblDocumentError(
        'malformed',
        `The document cannot be parsed: it is nested too deeply (${message})`,
      );
    }
    throw new UblDocumentError('malformed', `The document cannot be parsed: ${message}`);
  }
}

function tooDeep(): UblDocumentError {
  return new UblDocumentError(
    'malformed',
    `The document nests elements deeper than ${MAX_DEPTH} levels: no order document is nested like that`,
  );
}

function elementName(node: RawNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text' && key !== '#cdata');
}

function toElement(node: RawNode, inherited: ReadonlyMap<string, string>, depth: number): XmlElement {
  if (depth > MAX_DEPTH) throw tooDeep();
  const qname = elementName(node) ?? '';
  const rawAttributes = (node[':@'] ?? {}) as Record<string, string>;
  let scope = inherited;
  const attributes = new Map<string, string>();
  for (const [key, value] of Object.entries(rawAttributes)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      if (scope === inherited) scope = new Map(inherited);
      (scope as Map<string, string>).set(key === 'xmlns' ? '' : key.slice(6), decodeEntities(value));
    } else if (!key.includes(':')) {
      attributes.set(key, decodeEntities(value));
    }
  }
  const colon = qname.indexOf(':');
  const prefix = colon === -1 ? '' : qname.slice(0, colon);
  const namespace = scope.get(prefix);
  if (namespace === undefined && prefix !== '') {
    throw new UblDocumentError(
      'malformed',
      `Element <${qname}> uses the undeclared namespace prefix "${prefix}"`,
    );
  }
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[qname] ?? []) as RawNode[]) {
    if ('#text' in child) text += decodeEntities(String(child['#text']));
    else if ('#cdata' in child) text += cdataText(child['#cdata']);
    else if (elementName(child) !== undefined) children.push(toElement(child, scope, depth + 1));
  }
  return {
    namespace: namespace ?? '',
    name: colon === -1 ? qname : qname.slice(colon + 1),
    attributes,
    children,
    text,
  };
}

function cdataText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return (value as RawNode[])
    .map((part) => (typeof part['#text'] === 'string' ? part['#text'] : ''))
    .join('');
}

/** XML 1.0's Char production: tab, line feed, carriage return and the rest of Unicode but surrogates, U+FFFE and U+FFFF. */
function isXmlCharacter(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function describeCodePoint(code: number): string {
  if (!Number.isFinite(code) || code > 0x10ffff) return 'no Unicode character at all';
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; anything else is an error. */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';'))
      throw new UblDocumentError('malformed', `Unterminated entity reference "${whole}"`);
    const known = predefined[name];
    if (known !== undefined) return known;
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
    if (numeric) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
      if (isXmlCharacter(code)) return String.fromCodePoint(code);
      throw new UblDocumentError(
        'malformed',
        `The character reference "${whole}" stands for ${describeCodePoint(code)}, a character not allowed in XML: ` +
          'the document is not well-formed',
      );
    }
    throw new UblDocumentError(
      'dtd-forbidden',
      `The entity reference "${whole}" is not one of XML's predefined entities: entities are not expanded`,
    );
  });
}
