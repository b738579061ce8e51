import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderDocument } from '../../domain/documents';
import { orderResponseFromOrder } from '../../ubl/order-response-from-order';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import { JakamoError, preflightOrderResponse } from '../../ubl/preflight';
import { conformance, example, fixture } from './helpers';
import { builtOrderResponse } from './variants';

const mappings = { customerIds: ['FI-BUYER-7'], sellerContactIds: ['erp-user-7'] };
const errorsOf = (xml: string | Parameters<typeof preflightOrderResponse>[0], known = mappings) =>
  preflightOrderResponse(xml, known).problems.map((problem) => problem.error);

void describe('Jakamo preflight of an OrderResponse', () => {
  const good = builtOrderResponse();

  void it('a built response with known mappings passes', () => {
    assert.deepEqual(preflightOrderResponse(good, mappings), { ok: true, problems: [], warnings: [] });
  });

  void it('accepts the response object and builds it first', () => {
    const order = parseInboundDocument(fixture('basic-order.xml')) as OrderDocument;
    const response = orderResponseFromOrder(order, {
      responseId: 'R',
      issueDate: '2026-11-27',
      sellerContactId: 'nobody',
    });
    assert.deepEqual(errorsOf(response), [JakamoError.SellerContact]);
  });

  void it('unknown customer mapping', () => {
    const result = preflightOrderResponse(good, { ...mappings, customerIds: ['someone-else'] });
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems, [
      {
        error: 'No customer mapping found',
        detail: 'No company mapping for customer id "FI-BUYER-7" on the Jakamo Integrations page',
        location: 'OrderResponse/BuyerCustomerParty/Party/PartyIdentification/ID',
      },
    ]);
  });

  void it('missing customer id and seller contact', () => {
    const xml = good
      .replace(
        /(<cac:BuyerCustomerParty>[\s\S]*?)<cac:PartyIdentification>[\s\S]*?<\/cac:PartyIdentification>/,
        '$1',
      )
      .replace(/<cac:SellerContact>[\s\S]*?<\/cac:SellerContact>/, '');
    assert.deepEqual(errorsOf(xml), [
      'No customer mapping found',
      'Errors in SellerContact element. Missing mapping?',
    ]);
  });

  void it('unknown seller contact', () => {
    assert.deepEqual(errorsOf(good.replace('erp-user-7', 'erp-user-8')), [
      'Errors in SellerContact element. Missing mapping?',
    ]);
  });

  void it('mappings left undefined are not checked, only presence is', () => {
    assert.equal(preflightOrderResponse(good.replace('erp-user-7', 'erp-user-8')).ok, true);
  });

  void it('line without quantity, line with an empty price', () => {
    const xml = good
      .replace(/<cbc:Quantity[^>]*>[^<]*<\/cbc:Quantity>/, '')
      .replace(/(<cac:OrderLine>[\s\S]*?<cac:OrderLine>[\s\S]*?<cbc:PriceAmount[^>]*>)[^<]*/, '$1');
    const result = preflightOrderResponse(xml, mappings);
    assert.deepEqual(
      result.problems.map(({ error, location }) => [error, location]),
      [
        ['LineItem missing Quantity', 'OrderResponse/OrderLine[1]/LineItem/Quantity'],
        ['Price\\PriceAmount is required.', 'OrderResponse/OrderLine[2]/LineItem/Price/PriceAmount'],
      ],
    );
  });

  void it('missing mandatory elements', () => {
    const xml = good
      .replace(/<cac:OrderReference>[\s\S]*?<\/cac:OrderReference>/, '')
      .replace(/<cbc:IssueDate>[^<]*<\/cbc:IssueDate>/, '');
    assert.deepEqual(errorsOf(xml), ['Incorrect order response', 'Incorrect order response']);
    assert.match(
      preflightOrderResponse(xml, mappings).problems[1]?.detail ?? '',
      /cac:OrderReference\/cbc:ID/,
    );
  });

  void it('not an OrderResponse, or not XML', () => {
    assert.deepEqual(errorsOf(fixture('basic-order.xml')), ['Incorrect order response']);
    assert.deepEqual(errorsOf('<OrderResponse><cbc:ID>'), ['Incorrect order response']);
  });

  void it(
    "Jakamo's C# sample: namespace quirk is a warning; its missing ids are problems",
    conformance,
    () => {
      const result = preflightOrderResponse(
        example('jakamo', 'OrderResponse_sample_from_jakamo_csharp_client.xml'),
        {
          customerIds: ['client company'],
          sellerContactIds: ['James'],
        },
      );
      assert.equal(result.warnings.length, 1);
      assert.match(result.warnings[0] ?? '', /Order-2/);
      // {{neworder}} is a template placeholder, not missing: the sample has its ids and line data.
      assert.deepEqual(result.problems, []);
    },
  );
});
