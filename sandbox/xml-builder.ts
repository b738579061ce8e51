/**
 * A tiny XML writer: enough for the documents the sandbox emits, with escaping in one place
 * so that customer-supplied text (notes, names) can never break the markup.
 */

export interface XmlElement {
  name: string;
  attributes?: Record<string, string>;
  children?: XmlNode[];
}

export type XmlNode = XmlElement | string;

/** Text content: only &, < and > need escaping (quotes stay readable in error bodies). */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeXml(text).replace(/"/g, '&quot;');
}

/** Element helper; `undefined` children are skipped so optional elements read naturally. */
export function el(
  name: string,
  attributesOrChildren?: Record<string, string> | (XmlNode | undefined)[] | string,
  children?: (XmlNode | undefined)[] | string,
): XmlElement {
  if (Array.isArray(attributesOrChildren) || typeof attributesOrChildren === 'string') {
    return { name, children: normalise(attributesOrChildren) };
  }
  return { name, attributes: attributesOrChildren, children: normalise(children) };
}

function normalise(children: (XmlNode | undefined)[] | string | undefined): XmlNode[] {
  if (children === undefined) return [];
  if (typeof children === 'string') return [children];
  return children.filter((child): child is XmlNode => child !== undefined);
}

function render(node: XmlNode, indent: string): string {
  if (typeof node === 'string') return escapeXml(node);
  const attributes = Object.entries(node.attributes ?? {})
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  const children = node.children ?? [];
  if (children.length === 0) return `${indent}<${node.name}${attributes}/>`;
  if (children.every((child) => typeof child === 'string')) {
    return `${indent}<${node.name}${attributes}>${children.map((c) => render(c, '')).join('')}</${node.name}>`;
  }
  const inner = children.map((child) => render(child, `${indent}  `)).join('\n');
  return `${indent}<${node.name}${attributes}>\n${inner}\n${indent}</${node.name}>`;
}

export function renderXmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, '')}\n`;
}

/** A single-element answer such as `<error>Authentication failed.</error>`. */
export function renderSimpleElement(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}
