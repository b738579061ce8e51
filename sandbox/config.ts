import type { SandboxMappings, SandboxCompanyMapping, SandboxUserMapping } from './mappings';
import type { SandboxFaults } from './types';

/** A buyer company; partyId is the BuyerCustomerParty/Party/PartyIdentification/ID in its Orders. */
export interface SandboxCustomer {
  partyId: string;
  name: string;
}

/** One SO integration: its own credentials, queue, customers and mappings. */
export interface SandboxIntegrationConfig {
  id: string;
  username: string;
  password: string;
  supplier: { partyId: string; name: string };
  customers: SandboxCustomer[];
  /** Default: every customer mapped by its own partyId. */
  companyMappings?: SandboxCompanyMapping[];
  /** Default: one mapping "SELLER-1" that is the DefaultUser. */
  userMappings?: SandboxUserMapping[];
  /** Seed 6.4: keep customer OrderChanges out of the queue (handled "in the Jakamo UI"). Default false. */
  restrictOrderChanges?: boolean;
  /** Document currency of generated orders. Default EUR. */
  currency?: string;
  /** Faults the integration starts with (changeable at run time through the control API). Default none. */
  faults?: Partial<SandboxFaults>;
}

export const defaultSellerContactId = 'SELLER-1';

/** The mappings a config implies when it does not list its own. */
export function defaultMappings(config: SandboxIntegrationConfig): SandboxMappings {
  return {
    companyMappings:
      config.companyMappings ??
      config.customers.map((customer) => ({
        identifier: customer.partyId,
        customerPartyId: customer.partyId,
      })),
    userMappings: config.userMappings ?? [
      { identifier: defaultSellerContactId, jakamoUser: 'Sandbox Seller', defaultUser: true },
    ],
  };
}

export function demoIntegrations(): SandboxIntegrationConfig[] {
  return [
    {
      id: 'demo',
      username: 'demo-supplier',
      password: 'demo-password',
      supplier: { partyId: 'DEMO-SUPPLIER', name: 'Demo Supplier Oy' },
      customers: [
        { partyId: 'ACME-FI', name: 'Acme Oy' },
        { partyId: 'NORDIC-SE', name: 'Nordic Tools AB' },
      ],
    },
  ];
}

/** Rejects configurations that would make two integrations indistinguishable. */
export function validateIntegrations(configs: SandboxIntegrationConfig[]): void {
  const ids = new Set<string>();
  const usernames = new Set<string>();
  for (const config of configs) {
    if (!/^[A-Za-z0-9._-]+$/.test(config.id))
      throw new Error(`integration id "${config.id}" must be [A-Za-z0-9._-]+`);
    if (ids.has(config.id)) throw new Error(`integration id "${config.id}" is used twice`);
    if (usernames.has(config.username))
      throw new Error(`integration username "${config.username}" is used twice`);
    if (config.username === '' || config.password === '')
      throw new Error(`integration "${config.id}" needs a username and password`);
    ids.add(config.id);
    usernames.add(config.username);
  }
}
