import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { faultsSchema } from './faults';
import { companyMappingSchema, userMappingSchema } from './mapping-schemas';
import { plainDecimalPattern } from '../domain/decimal';
import type { StatusMessageLayout } from '../domain/status-message-layout';
import {
  acceptProposal,
  applyCustomerChange,
  cancelOrder,
  OrderTransitionError,
  rejectProposal,
} from './order-state-machine';
import { SandboxRequestError, type SandboxState } from './sandbox-state';
import { buildStatusMessageXml } from './status-message';

/**
 * The customer-side control API (JSON, no auth: a loopback tool for tests, demos and
 * benchmarks). Everything a customer does in Jakamo's UI, plus inspection and fault settings.
 */

const placeOrderSchema = z.union([
  z.object({ xml: z.string().min(1) }),
  z.object({
    customerPartyId: z.string().min(1),
    lines: z.number().int().min(1).max(1000).optional(),
    seed: z.number().int().optional(),
    orderNumber: z.string().min(1).optional(),
    buyerExternalId: z.string().optional(),
    sellerExternalId: z.string().optional(),
  }),
]);

const decimal = z.string().regex(plainDecimalPattern, 'a decimal such as "12.50"');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date YYYY-MM-DD');

const changeSchema = z.object({
  note: z.string().optional(),
  lines: z
    .array(
      z.object({
        lineId: z.string().min(1),
        quantity: decimal.optional(),
        price: decimal.optional(),
        deliveryDate: isoDate.optional(),
        cancel: z.boolean().optional(),
        lineStatusCode: z
          .string()
          .regex(
            /^[A-Za-z0-9][A-Za-z0-9 _-]{0,34}$/,
            'a code such as "Cancelled" or "2" (letters, digits, at most 35)',
          )
          .optional(),
        itemName: z.string().optional(),
        sellersItemId: z.string().optional(),
        unitCode: z.string().optional(),
      }),
    )
    .min(1),
});

const cancelSchema = z
  .object({
    note: z.string().optional(),
    /** How the customer's cancellation reaches the queue (default the StatusMessage "Cancelled"). */
    as: z.enum(['StatusMessage', 'OrderCancellation']).optional(),
  })
  .strict()
  .default({});

/** A raw message: text as it is, or bytes (not UTF-8, binary) in base64. */
const rawMessageSchema = z.union([
  z.object({ body: z.string() }).strict(),
  z
    .object({
      bodyBase64: z
        .string()
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'standard base64 (A-Z a-z 0-9 + /, = padding)')
        .refine((text) => text.length % 4 === 0, 'standard base64 has a length that is a multiple of 4'),
    })
    .strict(),
]);

/** Raw messages may be larger than other control requests: a test queues oversized messages. */
export const defaultRawMessageLimitBytes = 32 * 1024 * 1024;

const mappingsSchema = z
  .object({ companyMappings: z.array(companyMappingSchema), userMappings: z.array(userMappingSchema) })
  .partial();

const settingsSchema = z.object({ restrictOrderChanges: z.boolean() }).partial();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new SandboxRequestError(
      400,
      result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  return result.data;
}

export function registerControlRoutes(
  app: FastifyInstance,
  state: SandboxState,
  layout: StatusMessageLayout,
  rawMessageLimitBytes: number = defaultRawMessageLimitBytes,
): void {
  type IntegrationParams = { Params: { integrationId: string } };
  type OrderParams = { Params: { jakamoOrderNumber: string } };

  /** Runs a customer action; a refused transition is a 409 for the control API's caller. */
  const customerAction = (run: () => unknown) => {
    try {
      const result = run();
      state.changed();
      return result;
    } catch (error) {
      if (error instanceof OrderTransitionError) throw new SandboxRequestError(409, error.message);
      throw error;
    }
  };

  app.get('/control/health', () => ({ ok: true }));

  app.get('/control/integrations', () =>
    [...state.integrations.values()].map((runtime) => ({
      id: runtime.config.id,
      username: runtime.config.username,
      supplier: runtime.config.supplier,
      customers: runtime.config.customers,
      restrictOrderChanges: runtime.restrictOrderChanges,
    })),
  );

  app.post<IntegrationParams>('/control/integrations/:integrationId/orders', (request) => {
    const body = parse(placeOrderSchema, request.body);
    if ('xml' in body) return state.placeXmlOrder(request.params.integrationId, body.xml);
    return state.placeGeneratedOrder(request.params.integrationId, body);
  });

  app.post<IntegrationParams>(
    '/control/integrations/:integrationId/raw',
    { bodyLimit: rawMessageLimitBytes },
    (request) => {
      const body = parse(rawMessageSchema, request.body);
      if ('body' in body) return state.enqueueRaw(request.params.integrationId, body.body);
      return state.enqueueRawBytes(request.params.integrationId, Buffer.from(body.bodyBase64, 'base64'));
    },
  );

  app.get<IntegrationParams>(
    '/control/integrations/:integrationId/faults',
    (request) => state.integration(request.params.integrationId).faults.current,
  );

  app.put<IntegrationParams>('/control/integrations/:integrationId/faults', (request) => {
    const runtime = state.integration(request.params.integrationId);
    return runtime.faults.update(parse(faultsSchema, request.body));
  });

  app.get<IntegrationParams>(
    '/control/integrations/:integrationId/mappings',
    (request) => state.integration(request.params.integrationId).mappings,
  );

  app.put<IntegrationParams>('/control/integrations/:integrationId/mappings', (request) => {
    const runtime = state.integration(request.params.integrationId);
    const body = parse(mappingsSchema, request.body);
    runtime.mappings = {
      companyMappings: body.companyMappings ?? runtime.mappings.companyMappings,
      userMappings: body.userMappings ?? runtime.mappings.userMappings,
    };
    state.changed();
    return runtime.mappings;
  });

  app.put<IntegrationParams>('/control/integrations/:integrationId/settings', (request) => {
    const runtime = state.integration(request.params.integrationId);
    const body = parse(settingsSchema, request.body);
    if (body.restrictOrderChanges !== undefined) runtime.restrictOrderChanges = body.restrictOrderChanges;
    state.changed();
    return { restrictOrderChanges: runtime.restrictOrderChanges };
  });

  app.get<{ Querystring: { integrationId?: string } }>('/control/orders', (request) =>
    state.listOrders(request.query.integrationId),
  );

  app.get<OrderParams>('/control/orders/:jakamoOrderNumber', (request) =>
    state.order(request.params.jakamoOrderNumber),
  );

  app.post<OrderParams>('/control/orders/:jakamoOrderNumber/change', (request) => {
    const order = state.order(request.params.jakamoOrderNumber);
    const body = parse(changeSchema, request.body);
    return customerAction(() => {
      applyCustomerChange(order, body.lines);
      if (body.note !== undefined) order.comments.push(body.note);
      const lineStatusCodes = new Map(
        body.lines.flatMap((line) =>
          line.lineStatusCode === undefined ? [] : [[line.lineId, line.lineStatusCode] as const],
        ),
      );
      state.enqueueOrderChange(order, (line) => line.requested, body.note, lineStatusCodes);
      return order;
    });
  });

  app.post<OrderParams>('/control/orders/:jakamoOrderNumber/cancel', (request) => {
    const order = state.order(request.params.jakamoOrderNumber);
    const body = parse(cancelSchema, request.body);
    return customerAction(() => {
      cancelOrder(order);
      if (body.note !== undefined) order.comments.push(body.note);
      if (body.as === 'OrderCancellation') {
        state.enqueueOrderCancellation(order, body.note);
        return order;
      }
      const xml = buildStatusMessageXml(
        {
          orderNumber: order.orderNumber,
          buyerPartyId: order.buyerPartyId,
          status: 'Cancelled',
          lineIds: [],
          note: body.note,
        },
        layout,
      );
      state.enqueueStatusMessage(order, xml);
      return order;
    });
  });

  app.post<OrderParams>('/control/orders/:jakamoOrderNumber/accept', (request) => {
    const order = state.order(request.params.jakamoOrderNumber);
    return customerAction(() => {
      acceptProposal(order);
      order.comments.push('Customer accepted the supplier proposal.');
      state.enqueueOrderChange(order, (line) => line.requested, 'Supplier proposal accepted.');
      return order;
    });
  });

  app.post<OrderParams>('/control/orders/:jakamoOrderNumber/reject', (request) => {
    const order = state.order(request.params.jakamoOrderNumber);
    return customerAction(() => {
      rejectProposal(order);
      order.comments.push('Customer rejected the supplier proposal.');
      state.enqueueOrderChange(order, (line) => line.requested, 'Supplier proposal rejected.');
      return order;
    });
  });

  app.get('/control/stats', () => state.stats());
}
