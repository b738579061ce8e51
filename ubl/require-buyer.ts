import type { Party } from '../domain/documents';
import { UblDocumentError } from './errors';
import { requireShortIdentifier } from './identifier';

/**
 * Orders are routed to a customer by the buyer's id, so a document without any buyer identifier
 * cannot be processed: refuse it here rather than let it fail later in the workflow.
 */
export function requireBuyerId(buyer: Party, documentName: string): void {
  if (buyer.id !== undefined) {
    requireShortIdentifier(
      buyer.id,
      `buyer party id (${documentName}/BuyerCustomerParty, from ${buyer.idSource ?? 'PartyIdentification'})`,
      `${documentName}/BuyerCustomerParty/Party/PartyIdentification/ID`,
    );
    return;
  }
  throw new UblDocumentError(
    'missing-element',
    `${documentName} has no buyer identifier: cac:BuyerCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID ` +
      '(or, as fallbacks, cbc:EndpointID, cbc:CustomerAssignedAccountID or PartyLegalEntity/cbc:CompanyID) ' +
      'is needed to route the order to a customer',
    `${documentName}/BuyerCustomerParty/Party/PartyIdentification/ID`,
  );
}
