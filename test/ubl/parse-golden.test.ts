import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { OrderDocument } from '../../domain/documents';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import { conformance } from './helpers';
import { examplesDir, goldenDir } from './paths';

/**
 * Golden tests (conformance, skipped without ../shared): every inbound example (Order, OrderChange,
 * OrderCancellation) in ../shared/examples parses to exactly the reviewed object in
 * test/ubl/golden/<name>.json, field by field. parse-fixtures.test.ts covers the documents in this repo.
 */
const inboundExamples = conformance.skip
  ? []
  : ['oasis', 'peppol'].flatMap((folder) =>
      readdirSync(path.join(examplesDir, folder))
        .filter((file) => file.endsWith('.xml') && !/response/i.test(file))
        .map((file) => path.join(examplesDir, folder, file)),
    );

void describe('golden: inbound examples parse field by field', conformance, () => {
  void it('covers every inbound example', () => {
    assert.equal(inboundExamples.length, 12);
  });
  for (const file of inboundExamples) {
    void it(path.basename(file), () => {
      const parsed = parseInboundDocument(readFileSync(file));
      const golden: unknown = JSON.parse(
        readFileSync(path.join(goldenDir, path.basename(file, '.xml') + '.json'), 'utf8'),
      );
      assert.deepStrictEqual(parsed, golden);
    });
  }
});

// Independent of the golden files: hand-written from the OASIS example.
void describe('OASIS UBL-Order-2.1-Example, hand-checked fields', conformance, () => {
  const order = parseInboundDocument(
    readFileSync(path.join(examplesDir, 'oasis', 'UBL-Order-2.1-Example.xml')),
  ) as OrderDocument;

  void it('header', () => {
    assert.equal(order.kind, 'Order');
    assert.equal(order.orderNumber, '34');
    assert.equal(order.issueDate, '2010-01-20');
    assert.equal(order.issueTime, '12:30:00');
    assert.equal(order.currency, 'SEK');
    assert.deepEqual(order.notes, ['Information text for the whole order']);
    assert.deepEqual(order.anticipatedTotal, { value: '6225', currencyId: 'SEK' });
  });
  void it('parties', () => {
    assert.equal(order.buyer.id, '7300070011115');
    assert.equal(order.buyer.idSource, 'PartyIdentification');
    assert.deepEqual(order.buyer.ids, ['7300070011115', 'PartyID123']);
    assert.equal(order.buyer.name, 'Johnssons byggvaror');
    assert.equal(order.buyer.address?.streetName, 'Rådhusgatan');
    assert.equal(order.buyer.contact?.email, 'pelle@johnsson.se');
    assert.equal(order.seller.id, 'SellerPartyID123');
    assert.equal(order.seller.name, 'Moderna Produkter AB');
  });
  void it('delivery and terms', () => {
    assert.deepEqual(order.delivery?.requestedPeriod, { startDate: '2010-02-10', endDate: '2010-02-25' });
    assert.equal(order.delivery?.address?.cityName, 'Stockholm');
    assert.deepEqual(order.deliveryTerms, { id: 'FOT', specialTerms: 'CAD', location: 'STO' });
  });
  void it('lines keep exact decimals', () => {
    assert.equal(order.lines.length, 2);
    const [first, second] = order.lines;
    assert.equal(first?.lineId, '1');
    assert.deepEqual(first?.quantity, { value: '120', unitCode: 'LTR' });
    assert.equal(first?.price?.amount.value, '50');
    assert.deepEqual(first?.price?.baseQuantity, { value: '1', unitCode: 'LTR' });
    assert.deepEqual(first?.lineAmount, { value: '6000', currencyId: 'SEK' });
    assert.equal(first?.item.name, 'Falu Rödfärg');
    assert.equal(first?.item.sellersItemId, 'SItemNo001');
    assert.deepEqual(first?.notes, ['Freetext note on line 1']);
    assert.equal(second?.lineId, '2');
    assert.equal(second?.quantity?.value, '15');
  });
});
