import { UblDocumentError } from './errors';

/** Jakamo documents are small; anything beyond this is refused before it is even decoded. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

// Characters XML 1.0 forbids anywhere in a document: their presence means binary, not text.
// eslint-disable-next-line no-control-regex
const forbiddenCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

const encodingDeclaration = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/;

export interface DecodeOptions {
  /**
   * Text that was received as bytes and decoded leniently (as `fetch`'s `text()` does) carries
   * U+FFFD where a byte was not UTF-8: refuse such text as not UTF-8 rather than let the damage
   * through. Only for a string: bytes are decoded strictly here anyway.
   */
  refuseReplacementCharacters?: boolean;
}

/**
 * Turns raw input into the text of a UTF-8 XML document, refusing (with a typed error) input that
 * is too large, is not UTF-8, or is binary. Size is checked first so nothing large is ever decoded.
 */
export function decodeXmlInput(
  xml: string | Buffer,
  maxBytes: number = DEFAULT_MAX_BYTES,
  options: DecodeOptions = {},
): string {
  let text: string;
  if (typeof xml === 'string') {
    // A string has at least as many UTF-8 bytes as characters, so this check is cheap and safe.
    if (xml.length > maxBytes) throw tooLarge(xml.length, maxBytes, 'at least ');
    const size = Buffer.byteLength(xml, 'utf8');
    if (size > maxBytes) throw tooLarge(size, maxBytes);
    text = xml;
  } else {
    if (xml.length > maxBytes) throw tooLarge(xml.length, maxBytes);
    const utf16 = utf16Kind(xml);
    if (utf16) {
      throw new UblDocumentError(
        'not-utf8',
        `The document is ${utf16}, not UTF-8: Jakamo documents are UTF-8; re-encode the document as UTF-8`,
      );
    }
    try {
      text = utf8.decode(xml);
    } catch {
      const offset = firstInvalidUtf8Offset(xml);
      const line = lineOf(xml.toString('latin1'), offset);
      const declared = otherEncoding(xml.subarray(0, 200).toString('latin1'));
      throw new UblDocumentError(
        'not-utf8',
        `The document is not valid UTF-8 (first invalid byte at offset ${offset}) at line ${line}: ` +
          (declared === undefined
            ? 'it is binary or in another encoding such as ISO-8859-1'
            : `its XML declaration says encoding="${declared}": only UTF-8 documents are accepted`),
      );
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw emptyDocument();
  if (typeof xml === 'string' && looksLikeUtf16ReadAsUtf8(text)) {
    throw new UblDocumentError(
      'not-utf8',
      'The document is UTF-16 read as UTF-8 (a NUL byte beside every character): ' +
        'Jakamo documents are UTF-8; re-encode the document as UTF-8',
    );
  }
  const forbidden = forbiddenCharacter.exec(text);
  if (forbidden) {
    const code = forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const line = lineOf(text, forbidden.index);
    throw new UblDocumentError(
      'binary',
      `The input is not an XML text document: it contains the control character U+${code} ` +
        `at line ${line} (character ${forbidden.index}), which XML does not allow: binary data, ` +
        'or text damaged on the way',
      undefined,
      line,
    );
  }
  const declared = otherEncoding(text);
  if (declared !== undefined) {
    throw new UblDocumentError(
      'not-utf8',
      `The XML declaration says encoding="${declared}": only UTF-8 documents are accepted`,
      undefined,
      1,
    );
  }
  if (typeof xml === 'string' && options.refuseReplacementCharacters === true) {
    const replaced = text.indexOf('\uFFFD');
    if (replaced !== -1) {
      const line = lineOf(text, replaced);
      throw new UblDocumentError(
        'not-utf8',
        `The document is not valid UTF-8: bytes at line ${line} were not UTF-8 and arrived as U+FFFD ` +
          'replacement characters (it was probably written in ISO-8859-1 or Windows-1252); ' +
          'the sender must send UTF-8',
        undefined,
        line,
      );
    }
  }
  return text;
}

/** The encoding an XML declaration names, when it is not UTF-8. */
function otherEncoding(text: string): string | undefined {
  const declared = encodingDeclaration.exec(text)?.[1];
  return declared !== undefined && !/^utf-?8$/i.test(declared) ? declared : undefined;
}

/**
 * UTF-16 bytes decoded as UTF-8: a byte order mark turned into two U+FFFD, and a NUL before or
 * after every ASCII character ("<\0O\0r\0" or "\0<\0O").
 */
function looksLikeUtf16ReadAsUtf8(text: string): boolean {
  const start = text.replace(/^\uFFFD\uFFFD/, '');
  // eslint-disable-next-line no-control-regex
  return /^(?:\u0000[\x20-\x7E]){4}|^(?:[\x20-\x7E]\u0000){4}/.test(start);
}

/** 'malformed': the document has nothing to read. */
export function emptyDocument(
  detail = '0 bytes, or only white space or a byte order mark',
): UblDocumentError {
  return new UblDocumentError('malformed', `The document is empty (${detail}): there is no XML to read`);
}

/** 1-based line of a character offset. */
export function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function tooLarge(size: number, maxBytes: number, qualifier = ''): UblDocumentError {
  return new UblDocumentError(
    'too-large',
    `The document is ${qualifier}${size} bytes, more than the limit of ${maxBytes} bytes: refused without parsing`,
  );
}

function utf16Kind(bytes: Buffer): string | undefined {
  if (bytes.length < 2) return undefined;
  const [a, b] = [bytes[0], bytes[1]];
  if ((a === 0xfe && b === 0xff) || (a === 0x00 && b === 0x3c)) return 'UTF-16 (big-endian)';
  if ((a === 0xff && b === 0xfe) || (a === 0x3c && b === 0x00)) return 'UTF-16 (little-endian)';
  return undefined;
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (linear scan). */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead < 0xe0
          ? 2
          : lead >= 0xe0 && lead < 0xf0
            ? 3
            : lead >= 0xf0 && lead < 0xf5
              ? 4
              : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return i;
}
