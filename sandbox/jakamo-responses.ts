import { renderSimpleElement } from './xml-builder';

/**
 * The exact bodies of the seed's response table (section 4) and of the queue (section 5),
 * wrapped the way Jakamo's client expects them: errors as `<error>` elements.
 */
export const JakamoMessages = {
  authenticationFailed: 'Authentication failed.',
  incorrectOrderResponse: 'Incorrect order response',
  cannotFindOrder: 'Cannot find order.',
  noCustomerMapping: 'No customer mapping found',
  sellerContactMapping: 'Errors in SellerContact element. Missing mapping?',
  lineItemMissingQuantity: 'LineItem missing Quantity',
  priceAmountRequired: 'Price\\PriceAmount is required.',
  /** Generic 500 text: the seed does not give one, so the sandbox says what went wrong in general terms. */
  generic: 'An error has occurred.',
  noDefaultUser: 'Cannot confirm order: no DefaultUser is mapped for this integration.',
  orderCancelled: 'Order is cancelled.',
  injectedError: 'An error has occurred. (sandbox fault injection)',
} as const;

export const noMoreMessagesBody = renderSimpleElement('status', 'No more messages available.');
export const messageClearedBody = renderSimpleElement('Info', 'Message cleared from the queue');

export function errorBody(message: string): string {
  return renderSimpleElement('error', message);
}
