import type { InboundDocument } from '../domain/documents';
import { defaultStatusMessageLayout, type StatusMessageLayout } from '../domain/status-message-layout';
import { UblDocumentError } from './errors';
import { documentNamespace, isUblDocumentType, type UblDocumentType } from './namespaces';
import { parseOrder, parseOrderChange } from './parse-order';
import { parseOrderCancellation } from './parse-order-cancellation';
import { parseStatusMessage } from './parse-status-message';
import { describeElement, readXmlDocument, wrongNamespace } from './read-document';
import type { XmlElement } from './xml-tree';

export interface ParseInboundOptions {
  /** Refuse larger input without parsing it (default 10 MB). */
  maxBytes?: number;
  /** Layout of Jakamo's StatusMessage (default: the documented assumption). */
  statusMessageLayout?: StatusMessageLayout;
}

const inboundUbl: Partial<Record<UblDocumentType, (root: XmlElement) => InboundDocument>> = {
  Order: parseOrder,
  OrderChange: parseOrderChange,
  OrderCancellation: parseOrderCancellation,
};

/**
 * Parses what the SO API queue delivers (Order, OrderChange, OrderCancellation, StatusMessage)
 * into a typed domain document. Throws `UblDocumentError` for anything it cannot accept: too large,
 * not UTF-8, binary, DTD, malformed, wrong root, wrong namespace, missing mandatory element.
 *
 * Elements are matched by namespace URI, so any prefixes work. A root whose local name is a known
 * document but whose namespace is wrong (as in Jakamo's own C# sample) is refused as
 * 'wrong-namespace' instead of being guessed at.
 */
export function parseInboundDocument(
  xml: string | Buffer,
  options: ParseInboundOptions = {},
): InboundDocument {
  const layout = options.statusMessageLayout ?? defaultStatusMessageLayout;
  const root = readXmlDocument(xml, { maxBytes: options.maxBytes });
  if (root.name === layout.rootElement) {
    if (root.namespace !== layout.namespace) throw wrongNamespace(root, layout.namespace);
    return parseStatusMessage(root, layout);
  }
  if (isUblDocumentType(root.name)) {
    const parse = inboundUbl[root.name];
    if (parse !== undefined) {
      const expected = documentNamespace(root.name);
      if (root.namespace !== expected) throw wrongNamespace(root, expected);
      return parse(root);
    }
  }
  throw new UblDocumentError(
    'wrong-root',
    `The root element is ${describeElement(root)}: expected a UBL 2.1 Order, OrderChange or OrderCancellation, ` +
      `or a ${layout.rootElement} in namespace ${layout.namespace}`,
    root.name,
  );
}
