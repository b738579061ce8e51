import Big from 'big.js';

/**
 * An exact decimal from a document's text. xsd:decimal allows a leading `+`, which big.js
 * refuses; everything else the codec accepts (`5.`, `.5`, `007`) big.js reads as it is.
 */
export function decimal(text: string): Big {
  return new Big(text.startsWith('+') ? text.slice(1) : text);
}
