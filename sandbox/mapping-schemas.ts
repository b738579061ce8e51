import { z } from 'zod';

/** Validation of mappings as they arrive from a config file or the control API. */
export const companyMappingSchema = z.object({
  identifier: z.string().min(1),
  customerPartyId: z.string().min(1),
  externalIdentifier: z.string().optional(),
  externalField: z.enum(['BuyerCustomerParty', 'SellerSupplierParty']).optional(),
  compoundRuleMember: z.boolean().optional(),
});

export const userMappingSchema = z.object({
  identifier: z.string().min(1),
  jakamoUser: z.string().min(1),
  defaultUser: z.boolean().optional(),
});
