import type { DecimalString } from './documents';

/** What the supplier answers about an order's lines: the terms it confirms or proposes, and what it delivered. */

/** The terms the supplier confirms or proposes for one line (decimals as text). */
export interface ResponseLineTerms {
  lineId: string;
  quantity: DecimalString;
  price: DecimalString | undefined;
  deliveryDate: string | undefined;
  /** Marks a line whose terms differ from the request (UBL LineStatusCode). */
  lineStatusCode: string | undefined;
}

export interface DeliveredLine {
  lineId: string;
  quantity: DecimalString;
}

export type OrderResponsePurpose = 'confirmation' | 'proposal' | 'supplier-update';
