import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveCompanyIdentifier, type SandboxCompanyMapping } from '../../sandbox/mappings';
import { demoIntegrations } from '../../sandbox/index';
import { confirmingResponse, startTestSandbox, type TestSandbox } from './helpers';

/** Seed 8.2: company mappings with external-identifier routing rules. */
const routing: SandboxCompanyMapping[] = [
  { identifier: 'C-1000', customerPartyId: 'ACME-FI' },
  {
    identifier: 'C-1001',
    customerPartyId: 'ACME-FI',
    externalIdentifier: 'ACME-PLANT-2',
    externalField: 'BuyerCustomerParty',
  },
  {
    identifier: 'C-1002',
    customerPartyId: 'ACME-FI',
    externalIdentifier: 'SUP-77',
    externalField: 'SellerSupplierParty',
  },
  {
    identifier: 'C-1003',
    customerPartyId: 'ACME-FI',
    externalIdentifier: 'ACME-PLANT-3',
    externalField: 'BuyerCustomerParty',
    compoundRuleMember: true,
  },
  {
    identifier: 'C-1003',
    customerPartyId: 'ACME-FI',
    externalIdentifier: 'SUP-88',
    externalField: 'SellerSupplierParty',
    compoundRuleMember: true,
  },
  { identifier: 'N-2000', customerPartyId: 'NORDIC-SE' },
];

void describe('company mapping routing rules (seed 8.2)', () => {
  void test('buyer-customer-party and seller-supplier-party external identifiers route to their mapping', () => {
    assert.equal(resolveCompanyIdentifier(routing, 'ACME-FI', {}), 'C-1000');
    assert.equal(
      resolveCompanyIdentifier(routing, 'ACME-FI', { buyerCustomerPartyId: 'ACME-PLANT-2' }),
      'C-1001',
    );
    assert.equal(resolveCompanyIdentifier(routing, 'ACME-FI', { sellerSupplierPartyId: 'SUP-77' }), 'C-1002');
    assert.equal(
      resolveCompanyIdentifier(routing, 'NORDIC-SE', { buyerCustomerPartyId: 'ACME-PLANT-2' }),
      'N-2000',
    );
  });

  void test('a compound rule needs both halves', () => {
    const both = { buyerCustomerPartyId: 'ACME-PLANT-3', sellerSupplierPartyId: 'SUP-88' };
    assert.equal(resolveCompanyIdentifier(routing, 'ACME-FI', both), 'C-1003');
    assert.equal(
      resolveCompanyIdentifier(routing, 'ACME-FI', { buyerCustomerPartyId: 'ACME-PLANT-3' }),
      'C-1000',
    );
    assert.equal(resolveCompanyIdentifier(routing, 'ACME-FI', { sellerSupplierPartyId: 'SUP-88' }), 'C-1000');
  });

  void test('no mapping for the company → undefined', () => {
    assert.equal(resolveCompanyIdentifier(routing, 'STRANGER', {}), undefined);
  });
});

void describe('mappings over HTTP', () => {
  let t: TestSandbox;
  before(async () => {
    const [demo] = demoIntegrations();
    t = await startTestSandbox({ integrations: [{ ...demo, companyMappings: routing }] });
  });
  after(() => t.close());

  void test('a routed order carries the mapped identifier and the OrderResponse with it is accepted', async () => {
    const placed = await t.control.placeOrder('demo', {
      customerPartyId: 'ACME-FI',
      buyerExternalId: 'ACME-PLANT-2',
    });
    assert.equal(placed.buyerPartyId, 'C-1001');
    const message = await t.supplier.take();
    assert.match(message.body, /<cbc:ID>C-1001<\/cbc:ID>/);
    const order = await t.control.getOrder(placed.jakamoOrderNumber);
    const answer = await t.supplier.postOrderResponse(confirmingResponse(order));
    assert.equal(answer.status, 200, answer.body);
    const other = await t.supplier.postOrderResponse(confirmingResponse(order, { buyerId: 'ACME-FI' }));
    assert.equal(
      other.body,
      '<error>No customer mapping found</error>',
      'the Jakamo party id is not an ERP identifier here',
    );
  });

  void test("an identifier mapped to another customer does not find this customer's order", async () => {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'ACME-FI' });
    await t.supplier.take();
    const order = await t.control.getOrder(placed.jakamoOrderNumber);
    const answer = await t.supplier.postOrderResponse(confirmingResponse(order, { buyerId: 'N-2000' }));
    assert.equal(answer.body, '<error>Cannot find order.</error>');
  });

  void test('user mappings changed at run time take effect', async () => {
    const placed = await t.control.placeOrder('demo', { customerPartyId: 'NORDIC-SE' });
    await t.supplier.take();
    const order = await t.control.getOrder(placed.jakamoOrderNumber);
    await t.control.setMappings('demo', {
      userMappings: [{ identifier: 'ERP-42', jakamoUser: 'Forty Two' }],
    });
    let answer = await t.supplier.postOrderResponse(confirmingResponse(order));
    assert.equal(answer.body, '<error>Errors in SellerContact element. Missing mapping?</error>');
    answer = await t.supplier.postOrderResponse(confirmingResponse(order, { sellerContactId: 'ERP-42' }));
    assert.equal(answer.status, 200);
  });
});
