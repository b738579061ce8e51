import { UblDocumentError } from './errors';
import { decodeXmlInput, type DecodeOptions } from './xml-input';
import { parseXmlTree, rejectDtd, type XmlElement } from './xml-tree';

export interface ReadOptions extends DecodeOptions {
  /** Refuse larger input before decoding it (default 10 MB). */
  maxBytes?: number;
}

/** The safe front door of every parser: size, encoding, binary, DTD and well-formedness checks. */
export function readXmlDocument(xml: string | Buffer, options: ReadOptions = {}): XmlElement {
  const text = decodeXmlInput(xml, options.maxBytes, options);
  rejectHtmlPage(text);
  rejectDtd(text);
  return parseXmlTree(text);
}

const htmlPage = /^\s*(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE\s+html\b|<html[\s>])/i;

/**
 * An HTML page where a document should be is almost always an error page of a web server or
 * proxy between Jakamo and us: say so, rather than "not well-formed" or "DTD refused".
 */
function rejectHtmlPage(text: string): void {
  if (!htmlPage.test(text)) return;
  const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim();
  throw new UblDocumentError(
    'wrong-root',
    `The root element is <html>: the message is an HTML page${title ? ` ("${title}")` : ''}, not an order document — ` +
      'most likely an error page of a web server or proxy that answered in place of Jakamo',
    'html',
  );
}

/** "{namespace}Name", or just "Name" without a namespace, for messages. */
export function describeElement(element: XmlElement): string {
  return element.namespace === ''
    ? `<${element.name}> (no namespace)`
    : `<${element.name}> in namespace ${element.namespace}`;
}

export function wrongNamespace(root: XmlElement, expected: string): UblDocumentError {
  const article = /^[AEIOU]/.test(root.name) ? 'an' : 'a';
  const quirk = root.namespace.startsWith('urn:oasis:names:specification:ubl:schema:xsd:')
    ? ' (a known Jakamo-sample quirk declares the wrong UBL namespace)'
    : '';
  return new UblDocumentError(
    'wrong-namespace',
    `The root element is ${describeElement(root)}, but ${article} ${root.name} must be in namespace ${expected}` +
      `${quirk}: the document is refused rather than guessed at`,
    root.name,
  );
}
