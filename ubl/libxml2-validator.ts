import path from 'node:path';
import {
  documentNamespace,
  documentTypeOfNamespace,
  UBL_DOCUMENT_TYPES,
  type UblDocumentType,
} from './namespaces';
import {
  prepareValidation,
  schemaFile,
  type ValidationProblem,
  type ValidationResult,
  type XsdValidator,
} from './xsd-validator';

type Libxml2 = typeof import('libxml2-wasm');
type CompiledSchema = InstanceType<Libxml2['XsdValidator']>;
type Document = InstanceType<Libxml2['XmlDocument']>;

interface ErrorWithDetails {
  message: string;
  details?: { message: string; line?: number; col?: number }[];
}

let loaded: Promise<Libxml2> | undefined;

/** libxml2-wasm is an ES module with top-level await: load it once, lazily, with `import()`. */
function loadLibxml2(): Promise<Libxml2> {
  loaded ??= (async () => {
    const libxml2 = await import('libxml2-wasm');
    const nodejs = await import('libxml2-wasm/lib/nodejs.mjs');
    // Schemas include and import their siblings from disk: let libxml2 read files.
    nodejs.xmlRegisterFsInputProviders();
    return libxml2;
  })();
  return loaded;
}

function problemsOf(error: unknown): ValidationProblem[] {
  const { message, details } = error as ErrorWithDetails;
  if (!details || details.length === 0) return [{ message: message.trim() }];
  return details.map((detail) => {
    const problem: ValidationProblem = { message: detail.message.trim() };
    if (detail.line !== undefined && detail.line > 0) problem.line = detail.line;
    if (detail.col !== undefined && detail.col > 0) problem.column = detail.col;
    return problem;
  });
}

/**
 * The hot-path validator: libxml2 compiled to WebAssembly, in process. The schemas of all five
 * ordering documents are compiled once, together (about 0.3 s, at the first document), and reused;
 * a validation then takes well under a millisecond.
 *
 * Together because each maindoc schema imports the same common components (the 2.4 MB aggregate
 * components above all): compiled per document type they cost 20 MiB for the first and 7–8 MiB
 * for each further one, and WebAssembly memory never shrinks; compiled as one set, 21 MiB for all
 * five (docs/performance.md, "Memory").
 */
export class Libxml2XsdValidator implements XsdValidator {
  private compiled: CompiledSchema | undefined;

  constructor(private readonly schemaDir: string) {}

  async validate(xml: string, documentType?: UblDocumentType): Promise<ValidationResult> {
    const prepared = prepareValidation(xml, documentType);
    if ('result' in prepared) return prepared.result;
    const type = prepared.documentType;
    const libxml2 = await loadLibxml2();
    const schema = this.schemaSet(libxml2);
    let document: Document;
    try {
      // NONET / NO_XXE: never fetch anything (network or external entities) while parsing the instance.
      document = libxml2.XmlDocument.fromString(xml, {
        option: libxml2.ParseOption.XML_PARSE_NONET | libxml2.ParseOption.XML_PARSE_NO_XXE,
      });
    } catch (error) {
      return { valid: false, documentType: type, problems: problemsOf(error) };
    }
    try {
      const otherType = otherOrderingRoot(document, type);
      if (otherType) return { valid: false, documentType: type, problems: [otherType] };
      schema.validate(document);
      return { valid: true, documentType: type, problems: [] };
    } catch (error) {
      return { valid: false, documentType: type, problems: problemsOf(error) };
    } finally {
      document.dispose();
    }
  }

  /** Frees the compiled schemas (tests and short-lived CLI runs). */
  dispose(): void {
    this.compiled?.dispose();
    this.compiled = undefined;
  }

  private schemaSet(libxml2: Libxml2): CompiledSchema {
    if (this.compiled) return this.compiled;
    // A root schema of our own that only imports the five maindoc schemas; it is not on disk,
    // but its URL inside the schema folder lets libxml2 find them (and their imports) from there.
    const imports = UBL_DOCUMENT_TYPES.map(
      (type) =>
        `  <xsd:import namespace="${documentNamespace(type)}" schemaLocation="${toUri(path.relative(this.schemaDir, schemaFile(this.schemaDir, type)))}"/>`,
    );
    const root = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="${setNamespace}">`,
      ...imports,
      '</xsd:schema>',
    ].join('\n');
    const schemaDocument = libxml2.XmlDocument.fromString(root, {
      url: path.join(this.schemaDir, 'jakamo-so-ordering-documents.xsd'),
    });
    try {
      this.compiled = libxml2.XsdValidator.fromDoc(schemaDocument);
      return this.compiled;
    } finally {
      schemaDocument.dispose();
    }
  }
}

/** The target namespace of the root schema: declares nothing, only names the set. */
const setNamespace = 'urn:x-jakamo-so:ubl-2.1-ordering-documents';

function toUri(relativePath: string): string {
  return relativePath.split(path.sep).map(encodeURIComponent).join('/');
}

/**
 * The set declares all five ordering documents, so an OrderResponse would pass as a valid Order.
 * Each document type's own schema refuses it: so does this, with libxml2's words for it.
 */
function otherOrderingRoot(document: Document, expected: UblDocumentType): ValidationProblem | undefined {
  const root = document.root;
  const rootType = documentTypeOfNamespace(root.namespaceUri);
  if (rootType === undefined || rootType === expected || root.name !== rootType) return undefined;
  return {
    message: `Element '{${root.namespaceUri}}${root.name}': No matching global declaration available for the validation root.`,
    ...(root.line > 0 ? { line: root.line } : {}),
  };
}
