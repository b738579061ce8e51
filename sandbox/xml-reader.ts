import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Safe reading of XML sent by clients: no entity expansion (processEntities off), no DOCTYPE
 * (the door to entity bombs and external entities), namespace prefixes dropped so that
 * `cbc:ID` and a default-namespaced `ID` read the same.
 */

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [key: string]: XmlValue;
}

export class XmlRejected extends Error {}

const predefined: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes the five predefined entities and character references: what every XML reader must
 * do. Declared entities never get here (DOCTYPE is refused), so nothing can expand.
 */
export function decodeXmlText(text: string): string {
  return text.replace(
    /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g,
    (whole, name?: string, dec?: string, hex?: string) => {
      if (name !== undefined) return predefined[name] ?? whole;
      const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
      return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  tagValueProcessor: (_name, value) => decodeXmlText(value),
  attributeValueProcessor: (_name, value) => decodeXmlText(value),
});

/** Parses a document and returns its root element's local name and content. */
export function parseXmlDocument(xml: string): { rootName: string; root: XmlObject; namespace?: string } {
  if (/<!DOCTYPE/i.test(xml)) throw new XmlRejected('DOCTYPE is not allowed');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XmlRejected(`not well-formed XML: ${valid.err.msg}`);
  const parsed = parser.parse(xml) as XmlObject;
  const rootNames = Object.keys(parsed).filter((key) => !key.startsWith('?') && !key.startsWith('#'));
  if (rootNames.length !== 1) throw new XmlRejected('expected exactly one root element');
  const rootName = rootNames[0];
  const rootValue = parsed[rootName];
  const root: XmlObject = isObject(rootValue)
    ? rootValue
    : typeof rootValue === 'string'
      ? { '#text': rootValue }
      : {};
  const namespace = typeof root['@_xmlns'] === 'string' ? root['@_xmlns'] : undefined;
  return { rootName, root, namespace };
}

export function isObject(value: XmlValue | undefined): value is XmlObject {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** All children with a local name (arrays flattened). */
export function children(node: XmlValue | undefined, name: string): XmlValue[] {
  if (!isObject(node)) return [];
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** First node along a path of local names. */
export function pick(node: XmlValue | undefined, ...path: string[]): XmlValue | undefined {
  let current: XmlValue | undefined = node;
  for (const name of path) {
    current = children(current, name)[0];
    if (current === undefined) return undefined;
  }
  return current;
}

/** Text content of a node; undefined when absent, '' when empty. */
export function textOf(node: XmlValue | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return decodeEntities(node);
  if (Array.isArray(node)) return textOf(node[0]);
  const text = node['#text'];
  return typeof text === 'string' ? decodeEntities(text) : '';
}

/** Non-empty trimmed text along a path, else undefined (an empty element counts as missing). */
export function textAt(node: XmlValue | undefined, ...path: string[]): string | undefined {
  const text = textOf(pick(node, ...path))?.trim();
  return text === undefined || text === '' ? undefined : text;
}

export function attributeOf(node: XmlValue | undefined, name: string): string | undefined {
  if (!isObject(node)) return undefined;
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** Entities are not processed by the parser (safety); the five predefined ones are decoded here. */
function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
