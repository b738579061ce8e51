/** The Jakamo SO API sandbox: public surface used by tests, `npm start`, benchmarks and the CLI. */
export { demoIntegrations, defaultMappings, defaultSellerContactId } from './config';
export type { SandboxCustomer, SandboxIntegrationConfig } from './config';
export type {
  SandboxCompanyMapping,
  SandboxUserMapping,
  SandboxMappings,
  ExternalMappingField,
} from './mappings';
export { startSandbox } from './server';
export type { SandboxOptions, RunningSandbox, SandboxAssumptions } from './server';
export type * from './types';
export { SandboxControlClient } from './control-client';
export type { PlaceOrderRequest, PlacedOrder, CustomerLineChange } from './control-client';
export { startOrderGenerator } from './order-generator';
export type { OrderGenerator, OrderGeneratorOptions } from './order-generator';
