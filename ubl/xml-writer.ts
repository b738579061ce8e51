/**
 * A minimal XML writer for the documents the codec builds. Everything goes through `escapeText` /
 * `escapeAttribute`, so no input can break out of an element or inject markup.
 */
export interface XmlNode {
  name: string;
  attributes?: Record<string, string | undefined>;
  text?: string;
  children?: (XmlNode | undefined)[];
}

export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** An element with text; undefined (omitted) when the text is undefined or empty. */
export function leaf(
  name: string,
  text: string | undefined,
  attributes?: Record<string, string | undefined>,
): XmlNode | undefined {
  return text === undefined || text === '' ? undefined : { name, text, attributes };
}

/** An element with children; undefined (omitted) when it would be empty, unless `keepEmpty`. */
export function branch(
  name: string,
  children: (XmlNode | undefined)[],
  keepEmpty = false,
): XmlNode | undefined {
  const present = children.filter((child): child is XmlNode => child !== undefined);
  return present.length === 0 && !keepEmpty ? undefined : { name, children: present };
}

export function renderXml(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, '')}\n`;
}

function render(node: XmlNode, indent: string): string {
  const attributes = Object.entries(node.attributes ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  const children = (node.children ?? []).filter((child): child is XmlNode => child !== undefined);
  if (children.length > 0) {
    const inner = children.map((child) => render(child, indent + '  ')).join('\n');
    return `${indent}<${node.name}${attributes}>\n${inner}\n${indent}</${node.name}>`;
  }
  if (node.text !== undefined)
    return `${indent}<${node.name}${attributes}>${escapeText(node.text)}</${node.name}>`;
  return `${indent}<${node.name}${attributes}/>`;
}
