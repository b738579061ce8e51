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
  /**
   * Refuse a document whose content, once read, is larger than this (default 1 MiB), measured as
   * the JSON of the parsed document: embedded attachments are not copied into it, so they do not
   * count. What an order workflow is told of a message is part of that content, and Temporal
   * refuses payloads over 2 MB: a larger message could never be handed off.
   */
  maxContentBytes?: number;
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
export const DEFAULT_MAX_CONTENT_BYTES = 1024 * 1024;

export function parseInboundDocument(
  xml: string | Buffer,
  options: ParseInboundOptions = {},
): InboundDocument {
  const document = parseRoot(xml, options);
  const limit = options.maxContentBytes ?? DEFAULT_MAX_CONTENT_BYTES;
  const size = Buffer.byteLength(JSON.stringify(document), 'utf8');
  if (size > limit) {
    throw new UblDocumentError(
      'too-large',
      `The ${document.kind} is ${size} bytes once read (lines, names, notes; embedded attachments are not counted): ` +
        `more than the ${limit} bytes one order message may carry (the order's workflow could never be handed it); ` +
        'the customer must split the order or shorten its texts',
    );
  }
  return document;
}

function parseRoot(xml: string | Buffer, options: ParseInboundOptions): InboundDocument {
  const layout = options.statusMessageLayout ?? defaultStatusMessageLayout;
  // Text reaches us decoded leniently (U+FFFD for bytes that were not UTF-8): refuse that damage.
  const root = readXmlDocument(xml, { maxBytes: options.maxBytes, refuseReplacementCharacters: true });
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
