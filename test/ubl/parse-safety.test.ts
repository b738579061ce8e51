import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import { assertUblError, conformance, example, fixture } from './helpers';

const order = fixture('basic-order.xml');
const minimal = (root = 'Order', ns = 'urn:oasis:names:specification:ubl:schema:xsd:Order-2'): string =>
  `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="${ns}" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
  <cbc:ID>PO-1</cbc:ID>
  <cac:BuyerCustomerParty><cac:Party><cac:PartyIdentification><cbc:ID>BUYER</cbc:ID></cac:PartyIdentification></cac:Party></cac:BuyerCustomerParty>
  <cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cac:Item/></cac:LineItem></cac:OrderLine>
</${root}>`;

void describe('hostile input gives a clear, typed error', () => {
  void it('sanity: the minimal order parses', () => {
    assert.equal(parseInboundDocument(minimal()).kind, 'Order');
  });

  void it('XXE (external entity in an internal subset)', () => {
    const xxe = `<?xml version="1.0"?>
<!DOCTYPE Order [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
${minimal()
  .replace('<cbc:ID>PO-1</cbc:ID>', '<cbc:ID>&xxe;</cbc:ID>')
  .replace(/^<\?xml[^>]*>\n/, '')}`;
    const error = assertUblError(
      () => parseInboundDocument(xxe),
      'dtd-forbidden',
      /DOCTYPE declaration at line 2/,
    );
    assert.equal(error.line, 2);
  });

  void it('billion laughs', () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>`;
    assertUblError(
      () => parseInboundDocument(lol),
      'dtd-forbidden',
      /DTDs and entity declarations are refused/,
    );
  });

  void it('an undeclared entity reference without any DTD is not expanded', () => {
    const sneaky = minimal().replace('<cbc:ID>PO-1</cbc:ID>', '<cbc:ID>&lol9;</cbc:ID>');
    assertUblError(() => parseInboundDocument(sneaky), 'dtd-forbidden', /&lol9;/);
  });

  void it('external DTD', () => {
    const external = `<?xml version="1.0"?>\n<!DOCTYPE Order SYSTEM "http://attacker.example/order.dtd">\n${minimal().replace(/^<\?xml[^>]*>\n/, '')}`;
    assertUblError(() => parseInboundDocument(external), 'dtd-forbidden');
  });

  void it('50 MB body (Buffer and string) is refused before parsing', () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
    assertUblError(
      () => parseInboundDocument(big),
      'too-large',
      /52428800 bytes, more than the limit of 10485760/,
    );
    assertUblError(() => parseInboundDocument(big.toString('latin1')), 'too-large');
  });

  void it('maxBytes is configurable', () => {
    assertUblError(() => parseInboundDocument(order, { maxBytes: 1000 }), 'too-large');
    assert.equal(parseInboundDocument(order, { maxBytes: 1_000_000 }).kind, 'Order');
  });

  void it('truncated document', () => {
    const truncated = order.slice(0, Math.floor(order.length / 2));
    assertUblError(() => parseInboundDocument(truncated), 'malformed', /not well-formed/);
  });

  void it('mismatched tags report the line', () => {
    const broken = minimal().replace('</cac:Party>', '</cac:Partyy>');
    const error = assertUblError(() => parseInboundDocument(broken), 'malformed', /line 5/);
    assert.equal(error.line, 5);
  });

  void it('empty input', () => {
    assertUblError(() => parseInboundDocument(''), 'malformed', /empty/);
  });

  void it('wrong namespace: a UBL root in another UBL namespace (the Jakamo sample quirk)', () => {
    const quirk = minimal('Order', 'urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2');
    assertUblError(() => parseInboundDocument(quirk), 'wrong-namespace', /must be in namespace .*:Order-2/);
  });

  void it('wrong namespace: no namespace at all', () => {
    const bare = minimal().replace(' xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"', '');
    assertUblError(() => parseInboundDocument(bare), 'wrong-namespace', /no namespace/);
  });

  void it('wrong root', () => {
    assertUblError(() => parseInboundDocument('<html><body/></html>'), 'wrong-root', /<html>/);
    assertUblError(
      () => parseInboundDocument(fixture('basic-order-response.xml')),
      'wrong-root',
      /OrderResponse/,
    );
  });

  void it(
    'the Jakamo C# sample (OrderResponse root in the Order namespace) is not an inbound document',
    conformance,
    () => {
      assertUblError(
        () => parseInboundDocument(example('jakamo', 'OrderResponse_sample_from_jakamo_csharp_client.xml')),
        'wrong-root',
      );
    },
  );

  void it('non-UTF-8: ISO-8859-1 bytes', () => {
    const latin1 = Buffer.from(minimal().replace('PO-1', 'Rådhus'), 'latin1');
    assertUblError(
      () => parseInboundDocument(latin1),
      'not-utf8',
      /not valid UTF-8 \(first invalid byte at offset \d+\)/,
    );
  });

  void it('non-UTF-8: declared encoding', () => {
    const declared = minimal().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    assertUblError(() => parseInboundDocument(declared), 'not-utf8', /ISO-8859-1/);
  });

  void it('non-UTF-8: UTF-16', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(minimal(), 'utf16le')]);
    assertUblError(() => parseInboundDocument(utf16), 'not-utf8', /UTF-16/);
  });

  void it('binary input', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    assertUblError(() => parseInboundDocument(png), 'not-utf8');
    assertUblError(() => parseInboundDocument(Buffer.from('<a>\u0000\u0001</a>')), 'binary', /U\+0000/);
  });

  void it('hostile nesting depth', () => {
    const deep = '<a>'.repeat(5000) + '</a>'.repeat(5000);
    assertUblError(() => parseInboundDocument(deep), 'malformed', /deeper than|nested/);
  });

  void it('a UTF-8 BOM is accepted', () => {
    assert.equal(
      parseInboundDocument(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(minimal())])).kind,
      'Order',
    );
  });
});
