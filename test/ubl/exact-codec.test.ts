import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { OrderCancellationDocument, OrderDocument } from '../../domain/documents';
import { Libxml2XsdValidator } from '../../ubl/libxml2-validator';
import { lineAmountOf } from '../../ubl/order-response-from-order';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import { screenForValidation } from '../../ubl/xsd-validator';
import { assertUblError } from './helpers';
import { exactFixture, resolveSchemaDir } from './exact-schemas';

const ns = {
  order: 'urn:oasis:names:specification:ubl:schema:xsd:Order-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/** A minimal Order; `header` goes after IssueDate, `note` is the text content of one cbc:Note. */
function order({ prolog = '', note = 'plain', header = '' } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
${prolog}<Order xmlns="${ns.order}" xmlns:cac="${ns.cac}" xmlns:cbc="${ns.cbc}">
  <cbc:ID>PO-1</cbc:ID>
  <cbc:IssueDate>2026-11-27</cbc:IssueDate>
  <cbc:Note>${note}</cbc:Note>${header}
  <cac:BuyerCustomerParty><cac:Party><cac:PartyIdentification><cbc:ID>BUYER</cbc:ID></cac:PartyIdentification></cac:Party></cac:BuyerCustomerParty>
  <cac:SellerSupplierParty><cac:Party><cac:PartyIdentification><cbc:ID>SELLER</cbc:ID></cac:PartyIdentification></cac:Party></cac:SellerSupplierParty>
  <cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cac:Item><cbc:Name>x</cbc:Name></cac:Item></cac:LineItem></cac:OrderLine>
</Order>`;
}

const parsedOrder = (xml: string) => parseInboundDocument(xml) as OrderDocument;

const schemas = resolveSchemaDir();
const xsd = 'dir' in schemas ? {} : { skip: schemas.skip };
const validator = 'dir' in schemas ? new Libxml2XsdValidator(schemas.dir) : undefined;
after(() => validator?.dispose());

async function assertXsdValid(xml: string): Promise<void> {
  const result = await validator!.validate(xml);
  assert.deepEqual(result.problems, [], 'valid against the OASIS UBL 2.1 XSD');
  assert.equal(result.valid, true);
}

void describe('a DOCTYPE that is data is not a DTD; a real declaration is refused', () => {
  void it('<!DOCTYPE and <!ENTITY inside CDATA are text of the element', () => {
    const text = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>';
    const parsed = parsedOrder(order({ note: `<![CDATA[${text}]]>` }));
    assert.deepEqual(parsed.notes, [text]);
  });

  void it('<!DOCTYPE inside a comment, in the prolog or in the content, is ignored', () => {
    const parsed = parsedOrder(
      order({ prolog: '<!-- sent with <!DOCTYPE Order> by mistake -->\n', note: 'a<!-- <!DOCTYPE x> -->b' }),
    );
    assert.deepEqual(parsed.notes, ['ab']);
  });

  void it('an escaped <!DOCTYPE in text content, and one inside a processing instruction, are data', () => {
    const parsed = parsedOrder(
      order({ prolog: '<?note <!DOCTYPE x> ?>\n', note: '&lt;!DOCTYPE html&gt; is HTML5' }),
    );
    assert.deepEqual(parsed.notes, ['<!DOCTYPE html> is HTML5']);
  });

  void it('a DOCTYPE declaration in the prolog is refused with its line (internal subset and external DTD)', () => {
    const internal = order({ prolog: '<!DOCTYPE Order [<!ENTITY e "x">]>\n' });
    assert.equal(
      assertUblError(() => parseInboundDocument(internal), 'dtd-forbidden', /DOCTYPE declaration at line 2/)
        .line,
      2,
    );
    const external = order({ prolog: '<!DOCTYPE Order SYSTEM "http://attacker.example/o.dtd">\n' });
    assertUblError(
      () => parseInboundDocument(external),
      'dtd-forbidden',
      /DTDs and entity declarations are refused/,
    );
  });

  void it('a declaration anywhere else in the markup is refused too (the parser would read past it)', () => {
    assertUblError(
      () => parseInboundDocument(order({ note: 'x<!DOCTYPE y>' })),
      'dtd-forbidden',
      /DOCTYPE declaration at line 5/,
    );
    assertUblError(
      () => parseInboundDocument(order({ note: '<!ENTITY e "x">' })),
      'dtd-forbidden',
      /an ENTITY declaration/,
    );
  });

  void it('a quoted attribute value cannot hide a declaration from the check', () => {
    const trick = order().replace(
      '<cbc:ID>PO-1</cbc:ID>',
      '<cbc:ID schemeID="<!--">PO-1</cbc:ID><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>-->',
    );
    assertUblError(() => parseInboundDocument(trick), 'dtd-forbidden', /DOCTYPE declaration/);
  });

  void it('the validators screen the same way: CDATA passes, a declaration does not', () => {
    assert.equal(screenForValidation(order({ note: '<![CDATA[<!DOCTYPE x>]]>' })), undefined);
    assert.match(
      screenForValidation(order({ prolog: '<!DOCTYPE Order>\n' }))?.[0]?.message ?? '',
      /DOCTYPE declaration at line 2/,
    );
  });

  void it('an order with <!DOCTYPE in CDATA and in a comment is valid against the XSD', xsd, async () => {
    await assertXsdValid(order({ prolog: '<!-- <!DOCTYPE x> -->\n', note: '<![CDATA[<!DOCTYPE x>]]>' }));
  });
});

void describe('an empty document says so', () => {
  const empty = /The document is empty/;
  for (const [name, input] of [
    ['0 bytes (string)', ''],
    ['0 bytes (Buffer)', Buffer.alloc(0)],
    ['only white space', ' \n\t\r\n '],
    ['only a byte order mark', Buffer.from([0xef, 0xbb, 0xbf])],
    ['a byte order mark and white space', Buffer.from('\uFEFF \n', 'utf8')],
    ['only an XML declaration and a comment', '<?xml version="1.0" encoding="UTF-8"?>\n<!-- nothing -->\n'],
  ] as const) {
    void it(name, () => {
      assertUblError(() => parseInboundDocument(input), 'malformed', empty);
    });
  }

  void it('the XSD validation screening says it too', () => {
    assert.match(screenForValidation('  \n')?.[0]?.message ?? '', empty);
  });
});

void describe('an OrderCancellation keeps its own ID and IssueTime', () => {
  void it('reads cbc:ID and cbc:IssueTime beside the cancelled order number', () => {
    const cancellation = parseInboundDocument(
      exactFixture('order-cancellation.xml'),
    ) as OrderCancellationDocument;
    assert.deepEqual(cancellation, {
      kind: 'OrderCancellation',
      orderNumber: 'EXACT-1',
      cancellationId: 'EXACT-1-X',
      buyer: { id: '12345678', idSource: 'PartyIdentification', idSchemeId: '0037', ids: ['12345678'] },
      seller: { id: '7300010000001', idSource: 'PartyIdentification', ids: ['7300010000001'] },
      issueDate: '2026-12-03',
      issueTime: '14:05:00',
      cancellationNote: 'Project cancelled',
    });
  });
});

void describe('the exact order is read completely', () => {
  const parsed = parsedOrder(exactFixture('order.xml'));

  void it('a price per base quantity stays the price of the base quantity', () => {
    assert.deepEqual(parsed.lines[0]?.price, {
      amount: { value: '30.00', currencyId: 'EUR' },
      baseQuantity: { value: '2', unitCode: 'C62' },
    });
    assert.deepEqual(parsed.lines[2]?.price, {
      amount: { value: '1.25', currencyId: 'EUR' },
      baseQuantity: { value: '10', unitCode: 'MTR' },
    });
  });

  void it('line amounts divide by the base quantity, exactly', () => {
    const [first, second, third] = parsed.lines;
    assert.deepEqual(lineAmountOf(first.quantity!, first.price!), { value: '150', currencyId: 'EUR' });
    assert.deepEqual(lineAmountOf(second.quantity!, second.price!), { value: '245', currencyId: 'EUR' });
    assert.deepEqual(lineAmountOf(third.quantity!, third.price!), { value: '1.5625', currencyId: 'EUR' });
    assert.equal(second?.price?.amount.value, '+2.45', 'the decimal text is kept as written');
  });

  void it('a line with several deliveries keeps each, in order; the first also gives the line its period', () => {
    const line = parsed.lines[1];
    assert.deepEqual(line?.deliveries, [
      {
        id: '2-1',
        quantity: { value: '40', unitCode: 'C62' },
        requestedPeriod: { startDate: '2027-01-11', endDate: '2027-01-15' },
      },
      { id: '2-2', quantity: { value: '35.5', unitCode: 'C62' }, requestedPeriod: { endDate: '2027-02-12' } },
      { id: '2-3', quantity: { value: '24.5', unitCode: 'C62' } },
    ]);
    assert.deepEqual(line?.requestedDelivery, { startDate: '2027-01-11', endDate: '2027-01-15' });
    assert.equal(parsed.lines[0]?.deliveries, undefined, 'no schedule without deliveries');
    assert.equal(parsed.lines[2]?.deliveries, undefined, 'one delivery is not a schedule');
    assert.deepEqual(parsed.lines[2]?.requestedDelivery, { startDate: '2027-03-01' });
  });

  void it('header: order type code, notes, delivery period', () => {
    assert.equal(parsed.orderTypeCode, '220');
    assert.deepEqual(parsed.notes, ['Deliver to gate 4', 'Call before unloading: +358 40 123 4567']);
    assert.deepEqual(parsed.delivery, {
      requestedPeriod: { startDate: '2027-01-04', endDate: '2027-01-08' },
    });
  });

  void it('header allowances and charges', () => {
    assert.deepEqual(parsed.allowanceCharges, [
      {
        chargeIndicator: true,
        reasonCode: 'FC',
        reason: 'Freight',
        amount: { value: '25.00', currencyId: 'EUR' },
        taxCategory: { id: 'S', percent: '25.5', taxSchemeId: 'VAT' },
      },
      {
        chargeIndicator: false,
        reasonCode: '95',
        reason: 'Volume discount',
        multiplierFactor: '5',
        amount: { value: '20.00', currencyId: 'EUR' },
        baseAmount: { value: '400.00', currencyId: 'EUR' },
      },
    ]);
  });

  void it('tax totals with their subtotals', () => {
    assert.deepEqual(parsed.taxTotals, [
      {
        taxAmount: { value: '107.10', currencyId: 'EUR' },
        subtotals: [
          {
            taxableAmount: { value: '420.00', currencyId: 'EUR' },
            taxAmount: { value: '107.10', currencyId: 'EUR' },
            category: { id: 'S', percent: '25.5', taxSchemeId: 'VAT' },
          },
          {
            taxableAmount: { value: '0.00', currencyId: 'EUR' },
            taxAmount: { value: '0.00', currencyId: 'EUR' },
            percent: '0',
            category: { id: 'Z', taxSchemeId: 'VAT' },
          },
        ],
      },
    ]);
  });

  void it('attachment references, without the embedded base64 content', () => {
    assert.deepEqual(parsed.attachments, [
      {
        id: 'DRW-100',
        documentTypeCode: '916',
        documentType: 'Drawing',
        description: 'Bracket drawing, revision C',
        externalUri: 'https://files.example.com/drawings/DRW-100-C.pdf',
      },
      {
        id: 'SPEC-7',
        documentType: 'Specification',
        fileName: 'spec-7.txt',
        mimeCode: 'text/plain',
        embedded: true,
      },
    ]);
    assert.ok(
      !JSON.stringify(parsed).includes('U3VyZmFjZT'),
      'the base64 content is not in the parsed document',
    );
  });

  for (const file of ['order.xml', 'order-change.xml', 'order-cancellation.xml']) {
    void it(`${file} is valid against the OASIS UBL 2.1 XSD`, xsd, async () => {
      await assertXsdValid(exactFixture(file));
    });
  }
});

void describe('allowances and charges whose money cannot be known are refused', () => {
  const charge = (inner: string) => `\n  <cac:AllowanceCharge>${inner}</cac:AllowanceCharge>`;
  // AllowanceCharge comes after the parties in the XSD; the reader does not depend on the order.
  void it('a ChargeIndicator that is not a boolean', () => {
    const xml = order({
      header: charge(
        '<cbc:ChargeIndicator>yes</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">5</cbc:Amount>',
      ),
    });
    assertUblError(
      () => parseInboundDocument(xml),
      'invalid-value',
      /Order\/AllowanceCharge\[1\]\/ChargeIndicator is "yes", which is not a boolean/,
    );
  });

  void it('no ChargeIndicator, or no Amount', () => {
    assertUblError(
      () => parseInboundDocument(order({ header: charge('<cbc:Amount currencyID="EUR">5</cbc:Amount>') })),
      'missing-element',
      /ChargeIndicator has no value: it says whether the amount is a charge/,
    );
    assertUblError(
      () =>
        parseInboundDocument(order({ header: charge('<cbc:ChargeIndicator>false</cbc:ChargeIndicator>') })),
      'missing-element',
      /Order\/AllowanceCharge\[1\] has no cbc:Amount/,
    );
  });

  void it('1 and 0 are booleans too; an amount that is not a decimal is refused', () => {
    const one = order({
      header: charge('<cbc:ChargeIndicator>1</cbc:ChargeIndicator><cbc:Amount>5</cbc:Amount>'),
    });
    assert.equal(parsedOrder(one).allowanceCharges?.[0]?.chargeIndicator, true);
    const bad = order({
      header: charge('<cbc:ChargeIndicator>0</cbc:ChargeIndicator><cbc:Amount>5,00</cbc:Amount>'),
    });
    assertUblError(() => parseInboundDocument(bad), 'invalid-value', /Amount is "5,00"/);
  });
});
