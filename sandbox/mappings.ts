/**
 * User and company mappings of one integration (seed section 8). Company mappings link an ERP
 * customer identifier (what the supplier puts in OrderResponse/BuyerCustomerParty) to a Jakamo
 * customer company; they may carry the external-identifier routing rules of seed 8.2.
 */

export type ExternalMappingField = 'BuyerCustomerParty' | 'SellerSupplierParty';

export interface SandboxCompanyMapping {
  /** ERP customer identifier: appears in Orders sent to the supplier and in its OrderResponses. */
  identifier: string;
  /** The Jakamo customer company (SandboxCustomer.partyId) this identifier stands for. */
  customerPartyId: string;
  /** Seed 8.2: the identifier the customer sends in its own Order. */
  externalIdentifier?: string;
  /** Seed 8.2: which party of the customer's Order carries externalIdentifier. */
  externalField?: ExternalMappingField;
  /** Seed 8.2: both halves (same identifier and customer) must match for the rule to apply. */
  compoundRuleMember?: boolean;
}

export interface SandboxUserMapping {
  /** ERP user identifier, as in OrderResponse/SellerSupplierParty/SellerContact/ID. */
  identifier: string;
  /** The Jakamo user it maps to. */
  jakamoUser: string;
  /** Confirmations through Jakamo-Confirm-Url are made as this user. */
  defaultUser?: boolean;
}

export interface SandboxMappings {
  companyMappings: SandboxCompanyMapping[];
  userMappings: SandboxUserMapping[];
}

/** Identifiers the customer put in its own Order, used by the 8.2 routing rules. */
export interface CustomerOrderParties {
  buyerCustomerPartyId?: string;
  sellerSupplierPartyId?: string;
}

function ruleMatches(mapping: SandboxCompanyMapping, parties: CustomerOrderParties): boolean {
  const sent =
    mapping.externalField === 'SellerSupplierParty'
      ? parties.sellerSupplierPartyId
      : parties.buyerCustomerPartyId;
  return sent !== undefined && sent === mapping.externalIdentifier;
}

/**
 * The ERP customer identifier Jakamo writes into the Order it queues for the supplier.
 * Precedence: a fulfilled compound rule, then a single external-identifier rule, then the
 * customer's plain mapping (no external identifier). Undefined when nothing applies.
 */
export function resolveCompanyIdentifier(
  mappings: SandboxCompanyMapping[],
  customerPartyId: string,
  parties: CustomerOrderParties,
): string | undefined {
  const own = mappings.filter((m) => m.customerPartyId === customerPartyId);
  const routed = own.filter((m) => m.externalIdentifier !== undefined && m.externalIdentifier !== '');

  const compoundGroups = new Map<string, SandboxCompanyMapping[]>();
  for (const mapping of routed.filter((m) => m.compoundRuleMember === true)) {
    compoundGroups.set(mapping.identifier, [...(compoundGroups.get(mapping.identifier) ?? []), mapping]);
  }
  for (const [identifier, members] of compoundGroups) {
    // A compound rule needs its other half: a lone member never fires.
    if (members.length >= 2 && members.every((m) => ruleMatches(m, parties))) return identifier;
  }

  const single = routed.find((m) => m.compoundRuleMember !== true && ruleMatches(m, parties));
  if (single) return single.identifier;

  return own.find((m) => m.externalIdentifier === undefined || m.externalIdentifier === '')?.identifier;
}

/** The Jakamo customer company an ERP identifier (OrderResponse/BuyerCustomerParty) is mapped to. */
export function findCompanyByIdentifier(
  mappings: SandboxCompanyMapping[],
  identifier: string,
): SandboxCompanyMapping | undefined {
  return mappings.find((m) => m.identifier === identifier);
}

export function findUserMapping(
  mappings: SandboxUserMapping[],
  identifier: string,
): SandboxUserMapping | undefined {
  return mappings.find((m) => m.identifier === identifier);
}

export function findDefaultUser(mappings: SandboxUserMapping[]): SandboxUserMapping | undefined {
  return mappings.find((m) => m.defaultUser === true);
}
