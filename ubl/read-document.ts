import { UblDocumentError } from './errors';
import { decodeXmlInput } from './xml-input';
import { parseXmlTree, rejectDtd, type XmlElement } from './xml-tree';

export interface ReadOptions {
  /** Refuse larger input before decoding it (default 10 MB). */
  maxBytes?: number;
}

/** The safe front door of every parser: size, encoding, binary, DTD and well-formedness checks. */
export function readXmlDocument(xml: string | Buffer, options: ReadOptions = {}): XmlElement {
  const text = decodeXmlInput(xml, options.maxBytes);
  rejectDtd(text);
  return parseXmlTree(text);
}

/** "{namespace}Name", or just "Name" without a namespace, for messages. */
export function describeElement(element: XmlElement): string {
  return element.namespace === ''
    ? `<${element.name}> (no namespace)`
    : `<${element.name}> in namespace ${element.namespace}`;
}

export function wrongNamespace(root: XmlElement, expected: string): UblDocumentError {
  return new UblDocumentError(
    'wrong-namespace',
    `The root element is ${describeElement(root)}, but a ${root.name} must be in namespace ${expected}` +
      ' (a known Jakamo-sample quirk declares the wrong UBL namespace): the document is refused rather than guessed at',
    root.name,
  );
}
