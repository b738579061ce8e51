import type { ConnectorDatabase } from '../db/database';
import type { ErpAdapter, SalesOrderImport, SalesOrderImportResult } from './erp-adapter';

/**
 * The reference ERP: writes sales orders and their lines into the connector database. It
 * stands in for a real ERP in demos and tests, and shows what an adapter must guarantee.
 */
export class SqlErpAdapter implements ErpAdapter {
  constructor(private readonly db: ConnectorDatabase) {}

  async importSalesOrder(input: SalesOrderImport): Promise<SalesOrderImportResult> {
    const { order } = input;
    const buyerPartyId = order.buyer.id;
    if (buyerPartyId === undefined) throw new Error(`Order ${order.orderNumber} has no buyer party id`);
    const now = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('sales_orders')
        .values({
          order_key: input.orderKey,
          integration: input.integration,
          buyer_party_id: buyerPartyId,
          buyer_name: order.buyer.name ?? null,
          customer_order_number: order.orderNumber,
          jakamo_order_number: input.jakamoOrderNumber ?? null,
          issue_date: order.issueDate ?? null,
          currency: order.currency ?? null,
          status: 'Open',
          source_message_sha256: input.sourceMessageSha256,
          created_at: now,
          updated_at: now,
        })
        .onConflict((conflict) => conflict.column('order_key').doNothing())
        .executeTakeFirst();
      const created = Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
      if (created && order.lines.length > 0) {
        await trx
          .insertInto('sales_order_lines')
          .values(
            order.lines.map((line, index) => ({
              order_key: input.orderKey,
              line_id: line.lineId,
              position: index + 1,
              item_name: line.item.name ?? null,
              sellers_item_id: line.item.sellersItemId ?? null,
              buyers_item_id: line.item.buyersItemId ?? null,
              quantity: line.quantity?.value ?? null,
              unit_code: line.quantity?.unitCode ?? null,
              price: line.price?.amount.value ?? null,
              price_currency: line.price?.amount.currencyId ?? null,
              line_amount: line.lineAmount?.value ?? null,
              requested_delivery_date:
                line.requestedDelivery?.endDate ?? line.requestedDelivery?.startDate ?? null,
              status: line.lineStatusCode ?? 'Open',
            })),
          )
          .execute();
      }
      return { orderKey: input.orderKey, created };
    });
  }
}
