import Big from 'big.js';

/**
 * Decimals written as text, in the two forms the pipeline meets: what documents carry
 * (xsd:decimal) and what people and the ERP write (a plain non-negative decimal). Pure: the
 * workflows use it too.
 */

/**
 * A plain non-negative decimal as the ERP, the CLI and the sandbox's customer write it: digits,
 * then optionally a point and more digits ("8", "12.50"); no sign, exponent or separators.
 * `[0-9]`, not `\d`: readers of the API's description (Python's re) take `\d` for any Unicode digit.
 */
export const plainDecimalPattern = /^[0-9]+(\.[0-9]+)?$/;

export function isPlainDecimal(text: string): boolean {
  return plainDecimalPattern.test(text);
}

// xsd:decimal's lexical space: a sign, no exponent, no thousands separators, so big.js always accepts it.
const xsdDecimalPattern = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/;

/** A decimal as a UBL document may write it (xsd:decimal: `-5`, `+5.`, `.5`, `007`). */
export function isXsdDecimal(text: string): boolean {
  return xsdDecimalPattern.test(text);
}

/**
 * An exact decimal from a document's text. xsd:decimal allows a leading `+`, which big.js
 * refuses; everything else the codec accepts (`5.`, `.5`, `007`) big.js reads as it is.
 */
export function decimal(text: string): Big {
  return new Big(text.startsWith('+') ? text.slice(1) : text);
}
