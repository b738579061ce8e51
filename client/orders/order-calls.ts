import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  confirmOrderUpdate,
  deliverOrderUpdate,
  orderStateQuery,
  resolveOrderUpdate,
  retryOrderUpdate,
  type ConfirmRequest,
  type DeliverRequest,
  type OperatorRequest,
  type OrderUpdateAnswer,
} from '../../workflows/order/messages';
import type { OrderState } from '../../workflows/order/state';
import { OrderNotFound } from './order-reference';

/**
 * Calls to one order's workflow: its `state` query and the ERP's and the operator's updates,
 * typed as the workflow defines them. Shared by the CLI, the ERP HTTP API, the recovery commands
 * and the soak, so every failure is a typed error that says what to do, never a gRPC error.
 */

/** The order's update validator (or handler) refused the request; `reason` is the workflow's own words. */
export class OrderRequestRefused extends Error {
  override name = 'OrderRequestRefused';
  constructor(
    readonly orderKey: string,
    readonly update: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Temporal's errors for one order call turned into the order's own. */
function orderError(key: string, update: string, error: unknown): unknown {
  if (error instanceof WorkflowNotFoundError) {
    const finished = /completed|closed|finished/i.test(error.message);
    return new OrderNotFound(
      key,
      finished ? `Order ${key} has finished: it takes no more requests` : `No such order: ${key}`,
    );
  }
  if (error instanceof WorkflowUpdateFailedError) {
    return new OrderRequestRefused(key, update, error.cause?.message ?? error.message);
  }
  return error;
}

async function callOrder<T>(
  client: Client,
  key: string,
  update: string,
  call: (handle: WorkflowHandle) => Promise<T>,
): Promise<T> {
  try {
    return await call(client.workflow.getHandle(key));
  } catch (error) {
    throw orderError(key, update, error);
  }
}

/** Options of an ERP update. */
export interface OrderUpdateOptions {
  /**
   * The caller's idempotency key (the CLI's `--idempotency-key`, the API's `Idempotency-Key`):
   * the same key sent again (a retried HTTP call, a re-run CLI command) is decided once and gets
   * the first answer. It becomes the Temporal update id, prefixed with the update's name, so one
   * key used for a confirm and then for a deliver names two different updates.
   */
  updateId?: string;
}

/** The Temporal update id of a caller's idempotency key (see OrderUpdateOptions.updateId). */
export function orderUpdateId(update: string, idempotencyKey: string | undefined): string | undefined {
  return idempotencyKey === undefined ? undefined : `${update}:${idempotencyKey}`;
}

/** The order's whole state (the `state` query). */
export function showOrder(client: Client, key: string): Promise<OrderState> {
  return callOrder(client, key, 'state', (handle) => handle.query(orderStateQuery));
}

/** Sends the request as one of the order's updates; the answer says what the order will do. */
type OrderUpdateCall<Request> = (
  client: Client,
  key: string,
  request: Request,
  options?: OrderUpdateOptions,
) => Promise<OrderUpdateAnswer>;

function orderUpdateCall<Request>(
  update: UpdateDefinition<OrderUpdateAnswer, [Request]>,
): OrderUpdateCall<Request> {
  return (client, key, request, options = {}) =>
    callOrder(client, key, update.name, (handle) =>
      handle.executeUpdate(update, {
        args: [request],
        updateId: orderUpdateId(update.name, options.updateId),
      }),
    );
}

/** ERP: confirm the order, as requested (no lines) or with changed lines (a proposal). */
export const confirmOrder = orderUpdateCall<ConfirmRequest>(confirmOrderUpdate);

/** ERP: goods delivered, for some lines or (no lines) everything outstanding. */
export const deliverOrder = orderUpdateCall<DeliverRequest>(deliverOrderUpdate);

/** Operator: the cause of the attention was fixed; run the waiting step again. */
export const retryOrder = orderUpdateCall<OperatorRequest>(retryOrderUpdate);

/** Operator: the waiting step was done by hand (in the ERP or Jakamo); drop it and carry on. */
export const resolveOrder = orderUpdateCall<OperatorRequest>(resolveOrderUpdate);
