import {
  startSandbox,
  SandboxControlClient,
  type RunningSandbox,
  type SandboxOptions,
} from '../../sandbox/index';

/** Shared test plumbing: a real sandbox on a free loopback port, and a supplier that talks to it over HTTP. */

export interface TestSandbox {
  sandbox: RunningSandbox;
  control: SandboxControlClient;
  supplier: Supplier;
  close(): Promise<void>;
}

export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ port: 0, ...options });
  return {
    sandbox,
    control: new SandboxControlClient(sandbox.baseUrl),
    supplier: new Supplier(sandbox.baseUrl),
    close: () => sandbox.close(),
  };
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Headers;
}

async function answer(response: Response): Promise<HttpAnswer> {
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** The supplier side of the SO API as the pipeline would use it. */
export class Supplier {
  constructor(
    readonly baseUrl: string,
    readonly username = 'demo-supplier',
    readonly password = 'demo-password',
  ) {}

  as(username: string, password: string): Supplier {
    return new Supplier(this.baseUrl, username, password);
  }

  private get auth(): Record<string, string> {
    return { authorization: basicAuth(this.username, this.password) };
  }

  async next(): Promise<HttpAnswer> {
    return answer(await fetch(`${this.baseUrl}/api/order/response`, { headers: this.auth }));
  }

  async acknowledge(url: string): Promise<HttpAnswer> {
    return answer(await fetch(url, { method: 'POST', headers: this.auth }));
  }

  /** Reads the head of the queue and acknowledges it. */
  async take(): Promise<HttpAnswer> {
    const message = await this.next();
    const ackUrl = message.headers.get('x-acknowledge-uri');
    if (ackUrl === null) throw new Error(`queue is empty: ${message.body}`);
    const ack = await this.acknowledge(ackUrl);
    if (ack.status !== 200) throw new Error(`ack failed: ${ack.status} ${ack.body}`);
    return message;
  }

  async confirm(url: string, body?: string, contentType?: string): Promise<HttpAnswer> {
    const headers = { ...this.auth, ...(contentType === undefined ? {} : { 'content-type': contentType }) };
    return answer(await fetch(url, { method: 'POST', headers, body }));
  }

  async postOrderResponse(xml: string): Promise<HttpAnswer> {
    return answer(
      await fetch(`${this.baseUrl}/api/orderresponse`, {
        method: 'POST',
        headers: { ...this.auth, 'content-type': 'application/xml' },
        body: xml,
      }),
    );
  }

  async putStatus(orderNumber: string, xml: string): Promise<HttpAnswer> {
    return answer(
      await fetch(`${this.baseUrl}/api/order/${encodeURIComponent(orderNumber)}`, {
        method: 'PUT',
        headers: { ...this.auth, 'content-type': 'application/xml' },
        body: xml,
      }),
    );
  }
}

export interface ResponseLine {
  lineId: string;
  quantity?: string;
  price?: string;
  deliveryDate?: string;
}

export interface OrderResponseParts {
  id?: string;
  issueDate?: string;
  orderReference?: string;
  buyerId?: string;
  sellerContactId?: string;
  note?: string;
  lines: ResponseLine[];
}

/** A UBL 2.1 OrderResponse in the layout of the seed's example; omitted parts are left out of the XML. */
export function orderResponseXml(parts: OrderResponseParts): string {
  const optional = (value: string | undefined, xml: string) => (value === undefined ? '' : xml);
  const lines = parts.lines
    .map(
      (line) => `  <cac:OrderLine>
    <cac:LineItem>
      <cbc:ID>${line.lineId}</cbc:ID>
      ${optional(line.quantity, `<cbc:Quantity unitCode="EA">${line.quantity}</cbc:Quantity>`)}
      ${optional(
        line.deliveryDate,
        `<cac:Delivery><cac:PromisedDeliveryPeriod><cbc:EndDate>${line.deliveryDate}</cbc:EndDate></cac:PromisedDeliveryPeriod></cac:Delivery>`,
      )}
      ${optional(line.price, `<cac:Price><cbc:PriceAmount currencyID="EUR">${line.price}</cbc:PriceAmount></cac:Price>`)}
      <cac:Item><cbc:Name>Item</cbc:Name></cac:Item>
    </cac:LineItem>
  </cac:OrderLine>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<OrderResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>
  ${optional(parts.id, `<cbc:ID>${parts.id}</cbc:ID>`)}
  ${optional(parts.issueDate, `<cbc:IssueDate>${parts.issueDate}</cbc:IssueDate>`)}
  ${optional(parts.note, `<cbc:Note>${parts.note}</cbc:Note>`)}
  ${optional(parts.orderReference, `<cac:OrderReference><cbc:ID>${parts.orderReference}</cbc:ID></cac:OrderReference>`)}
  <cac:SellerSupplierParty>
    <cac:Party><cac:PartyName><cbc:Name>Demo Supplier Oy</cbc:Name></cac:PartyName></cac:Party>
    ${optional(parts.sellerContactId, `<cac:SellerContact><cbc:ID>${parts.sellerContactId}</cbc:ID></cac:SellerContact>`)}
  </cac:SellerSupplierParty>
  <cac:BuyerCustomerParty>
    <cac:Party>
      ${optional(parts.buyerId, `<cac:PartyIdentification><cbc:ID>${parts.buyerId}</cbc:ID></cac:PartyIdentification>`)}
    </cac:Party>
  </cac:BuyerCustomerParty>
${lines}
</OrderResponse>
`;
}

/** An OrderResponse that confirms every line of an order exactly as requested. */
export function confirmingResponse(
  order: {
    orderNumber: string;
    buyerPartyId: string;
    lines: { lineId: string; requested: { quantity: string; price: string; deliveryDate: string } }[];
  },
  overrides: Partial<OrderResponseParts> = {},
): string {
  return orderResponseXml({
    id: `OR-${order.orderNumber}`,
    issueDate: '2026-01-01',
    orderReference: order.orderNumber,
    buyerId: order.buyerPartyId,
    sellerContactId: 'SELLER-1',
    lines: order.lines.map((line) => ({ lineId: line.lineId, ...line.requested })),
    ...overrides,
  });
}

export function statusMessageXml(orderNumber: string, status: string, lineIds: string[] = []): string {
  return `<StatusMessage xmlns="urn:jakamo:statusmessage:assumed:1">
  <OrderID>${orderNumber}</OrderID>
  <Status>${status}</Status>
  ${lineIds.map((id) => `<LineID>${id}</LineID>`).join('\n  ')}
</StatusMessage>`;
}
