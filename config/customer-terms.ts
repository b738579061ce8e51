import type { ConfirmationPolicy, ResponseStyle } from '../domain/confirmation-policy';

/** How orders of one customer (buyer party id) are set up; anything left out comes from the defaults. */
export interface CustomerTerms {
  confirmationPolicy?: ConfirmationPolicy;
  responseStyle?: ResponseStyle;
  sellerContactId?: string;
}

/** How a new order of one customer is set up: the fields of the order workflow's input they fill. */
export interface CustomerOrderTerms {
  confirmationPolicy: ConfirmationPolicy;
  responseStyle: ResponseStyle;
  defaultSellerContactId: string | undefined;
  quietPeriodMs: number;
}

/** The terms of a new order, per integration and customer (the buyer party id). */
export interface OrderDefaults {
  forCustomer(integration: string, buyerPartyId: string): CustomerOrderTerms;
}

/** The settings the terms come from (OrderLifecycleSettings has them all). */
export interface OrderTermsSettings {
  confirmationPolicy: ConfirmationPolicy;
  /** Customers (buyer party ids) that are confirmed with OrderResponses instead of simple confirmations. */
  orderResponseCustomers: readonly string[];
  /** How customers named nowhere are confirmed ('simple' when absent). */
  defaultResponseStyle?: ResponseStyle;
  /** Per-customer terms for every integration. */
  customers?: Readonly<Record<string, CustomerTerms>>;
  defaultSellerContactId: string | undefined;
  quietPeriodMs: number;
}

/**
 * Each field of a customer's order terms comes from the first place that gives it: the
 * integration's own customer map, the global customer map, then the defaults.
 */
export function orderDefaults(
  settings: OrderTermsSettings,
  integrations: readonly { id: string; customers?: Readonly<Record<string, CustomerTerms>> }[] = [],
): OrderDefaults {
  const byIntegration = new Map(integrations.map((integration) => [integration.id, integration.customers]));
  return {
    forCustomer: (integration, buyerPartyId) => {
      const own = byIntegration.get(integration)?.[buyerPartyId] ?? {};
      const global = settings.customers?.[buyerPartyId] ?? {};
      const defaultStyle = settings.orderResponseCustomers.includes(buyerPartyId)
        ? 'order-response'
        : (settings.defaultResponseStyle ?? 'simple');
      return {
        confirmationPolicy:
          own.confirmationPolicy ?? global.confirmationPolicy ?? settings.confirmationPolicy,
        responseStyle: own.responseStyle ?? global.responseStyle ?? defaultStyle,
        defaultSellerContactId:
          own.sellerContactId ?? global.sellerContactId ?? settings.defaultSellerContactId,
        quietPeriodMs: settings.quietPeriodMs,
      };
    },
  };
}
