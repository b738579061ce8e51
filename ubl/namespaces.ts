/** Namespace URIs of UBL 2.1. The codec matches elements by these URIs, never by prefix. */
export const UBL_NS = {
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  ext: 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2',
} as const;

/** The UBL 2.1 main documents this product reads or writes. */
export const UBL_DOCUMENT_TYPES = [
  'Order',
  'OrderChange',
  'OrderCancellation',
  'OrderResponse',
  'OrderResponseSimple',
] as const;

export type UblDocumentType = (typeof UBL_DOCUMENT_TYPES)[number];

const MAINDOC_PREFIX = 'urn:oasis:names:specification:ubl:schema:xsd:';

/** The root namespace of a UBL main document, e.g. `urn:…:xsd:Order-2` for Order. */
export function documentNamespace(type: UblDocumentType): string {
  return `${MAINDOC_PREFIX}${type}-2`;
}

/** The UBL document type whose namespace this is, or undefined when it is not a UBL 2 maindoc namespace. */
export function documentTypeOfNamespace(namespace: string): UblDocumentType | undefined {
  return UBL_DOCUMENT_TYPES.find((type) => documentNamespace(type) === namespace);
}

export function isUblDocumentType(name: string): name is UblDocumentType {
  return (UBL_DOCUMENT_TYPES as readonly string[]).includes(name);
}
