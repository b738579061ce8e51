import { isXsdDecimal } from '../domain/decimal';
import { UblDocumentError } from './errors';

/** Returns the value unchanged when it is an xsd:decimal; otherwise a typed 'invalid-value' error. */
export function requireDecimal(value: string, where: string): string {
  if (!isXsdDecimal(value)) {
    throw new UblDocumentError(
      'invalid-value',
      `${where} is "${value}", which is not a decimal number`,
      where,
    );
  }
  return value;
}
