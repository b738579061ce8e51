import { UblDocumentError } from './errors';

// xsd:decimal lexical space: no exponent, no thousands separators, so big.js always accepts it.
const decimalPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function isDecimal(value: string): boolean {
  return decimalPattern.test(value);
}

/** Returns the value unchanged when it is an xsd:decimal; otherwise a typed 'invalid-value' error. */
export function requireDecimal(value: string, where: string): string {
  if (!decimalPattern.test(value)) {
    throw new UblDocumentError(
      'invalid-value',
      `${where} is "${value}", which is not a decimal number`,
      where,
    );
  }
  return value;
}
