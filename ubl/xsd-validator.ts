import path from 'node:path';
import { documentTypeOfNamespace, isUblDocumentType, type UblDocumentType } from './namespaces';
import { UblDocumentError } from './errors';
import { decodeXmlInput } from './xml-input';
import { rejectDtd } from './xml-tree';

/** One problem found by a validator; line/column are 1-based when the engine reports them. */
export interface ValidationProblem {
  message: string;
  line?: number;
  column?: number;
}

export interface ValidationResult {
  valid: boolean;
  /** The UBL document type validated against (undefined when it could not be determined). */
  documentType?: UblDocumentType;
  problems: ValidationProblem[];
}

/** XSD validation against the OASIS UBL 2.1 schemas. Implementations: libxml2 (fast), Java (independent). */
export interface XsdValidator {
  /** `documentType` defaults to the document's root element name. */
  validate(xml: string, documentType?: UblDocumentType): Promise<ValidationResult>;
}

/** The maindoc schema of a document type inside the `xsdrt` folder. */
export function schemaFile(schemaDir: string, documentType: UblDocumentType): string {
  return path.join(schemaDir, 'maindoc', `UBL-${documentType}-2.1.xsd`);
}

const rootStartTag = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(\s[^>]*)?\/?>/g;

/**
 * The document type by root element local name, read without a full parse (so it works on
 * documents that are not well-formed). Undefined when the root is not a UBL ordering document.
 */
export function detectDocumentType(xml: string): UblDocumentType | undefined {
  const withoutProlog = xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, (skipped) =>
    ' '.repeat(skipped.length),
  );
  rootStartTag.lastIndex = 0;
  const match = rootStartTag.exec(withoutProlog);
  const name = match?.[2];
  if (name === undefined) return undefined;
  if (isUblDocumentType(name)) return name;
  // The root may use another name but declare a UBL namespace: validate against that schema.
  const declared =
    /\bxmlns(?::[\w.-]+)?\s*=\s*["'](urn:oasis:names:specification:ubl:schema:xsd:\w+-2)["']/.exec(
      match?.[3] ?? '',
    );
  return declared?.[1] === undefined ? undefined : documentTypeOfNamespace(declared[1]);
}

/**
 * The policy both engines apply before XSD validation, so they judge the same input: no DTDs,
 * UTF-8 text only, size limit. Returns the problems, or undefined when the input may be validated.
 */
export function screenForValidation(xml: string, maxBytes?: number): ValidationProblem[] | undefined {
  try {
    rejectDtd(decodeXmlInput(xml, maxBytes));
    return undefined;
  } catch (error) {
    if (!(error instanceof UblDocumentError)) throw error;
    return [{ message: error.message, line: error.line }];
  }
}

/** The common start of every validator's `validate`: screening and document type. */
export function prepareValidation(
  xml: string,
  documentType: UblDocumentType | undefined,
): { documentType: UblDocumentType } | { result: ValidationResult } {
  const type = documentType ?? detectDocumentType(xml);
  const screened = screenForValidation(xml);
  if (screened) return { result: { valid: false, documentType: type, problems: screened } };
  if (type === undefined) {
    return {
      result: {
        valid: false,
        problems: [
          {
            message:
              'The root element is not a UBL 2.1 Order, OrderChange, OrderCancellation, OrderResponse or OrderResponseSimple',
            line: 1,
          },
        ],
      },
    };
  }
  return { documentType: type };
}
