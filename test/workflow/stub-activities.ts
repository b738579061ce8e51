import { ApplicationFailure } from '@temporalio/common';
import type {
  ApplyOrderChangeInput,
  CancelSalesOrderLinesInput,
  ErpActivities,
  ImportSalesOrderInput,
  ImportSalesOrderResult,
  JakamoOrderActivities,
  OutboundResult,
  PostOrderResponseInput,
  PutDeliveredStatusInput,
  RecordConfirmationInput,
  RecordDeliveryInput,
  SimpleConfirmInput,
} from '../../activities/types';

/** Every activity the order workflow calls. */
export type OrderActivities = ErpActivities & JakamoOrderActivities;
export type OrderActivityName = keyof OrderActivities;

/** The input each activity takes, by name (for typed reads of the call log). */
export interface OrderActivityInputs {
  importSalesOrder: ImportSalesOrderInput;
  applyOrderChange: ApplyOrderChangeInput;
  cancelSalesOrderLines: CancelSalesOrderLinesInput;
  recordConfirmation: RecordConfirmationInput;
  recordDelivery: RecordDeliveryInput;
  simpleConfirm: SimpleConfirmInput;
  postOrderResponse: PostOrderResponseInput;
  putDeliveredStatus: PutDeliveredStatusInput;
}

export interface StubCall {
  name: OrderActivityName;
  input: unknown;
  /** Whether this call was answered with a planned failure. */
  failed: boolean;
}

interface PlannedFailure {
  remaining: number;
  type: string;
  message: string;
}

/**
 * Stub ERP and Jakamo activities for the order workflow: no database, no HTTP. Every call is
 * recorded (name and input, in the order the worker ran them); an activity can be told to fail
 * its next N calls with a non-retryable ApplicationFailure of a given type, the way the real
 * activities report a refused step. Otherwise it answers like the real one.
 */
export class StubActivities {
  readonly calls: StubCall[] = [];
  private readonly failures = new Map<OrderActivityName, PlannedFailure>();

  /** The next `times` calls of `name` fail with `ApplicationFailure.nonRetryable(message, type)`. */
  failNext(name: OrderActivityName, times: number, type: string, message = `${name} failed (stub)`): void {
    this.failures.set(name, { remaining: times, type, message });
  }

  /** Activity names in call order. */
  names(): OrderActivityName[] {
    return this.calls.map((call) => call.name);
  }

  /** The inputs of every call of one activity, in call order. */
  inputsOf<N extends OrderActivityName>(name: N): OrderActivityInputs[N][] {
    return this.calls
      .filter((call) => call.name === name)
      .map((call) => call.input as OrderActivityInputs[N]);
  }

  count(name: OrderActivityName): number {
    return this.calls.filter((call) => call.name === name).length;
  }

  /** Records the call, then answers `result` or rejects with the planned failure. */
  private answer<T>(name: OrderActivityName, input: unknown, result: T): Promise<T> {
    const planned = this.failures.get(name);
    const fail = planned !== undefined && planned.remaining > 0;
    this.calls.push({ name, input: structuredClone(input), failed: fail });
    if (fail) {
      planned.remaining -= 1;
      return Promise.reject(ApplicationFailure.nonRetryable(planned.message, planned.type));
    }
    return Promise.resolve(result);
  }

  /** The object to hand to `Worker.create({ activities })`. */
  readonly activities: OrderActivities = {
    importSalesOrder: (input: ImportSalesOrderInput): Promise<ImportSalesOrderResult> =>
      this.answer('importSalesOrder', input, { created: true }),
    applyOrderChange: (input: ApplyOrderChangeInput): Promise<void> =>
      this.answer('applyOrderChange', input, undefined),
    cancelSalesOrderLines: (input: CancelSalesOrderLinesInput): Promise<void> =>
      this.answer('cancelSalesOrderLines', input, undefined),
    recordConfirmation: (input: RecordConfirmationInput): Promise<void> =>
      this.answer('recordConfirmation', input, undefined),
    recordDelivery: (input: RecordDeliveryInput): Promise<void> =>
      this.answer('recordDelivery', input, undefined),
    simpleConfirm: (input: SimpleConfirmInput): Promise<OutboundResult> =>
      this.answer('simpleConfirm', input, { httpStatus: 200, alreadySent: false }),
    postOrderResponse: (input: PostOrderResponseInput): Promise<OutboundResult> =>
      this.answer('postOrderResponse', input, { httpStatus: 200, alreadySent: false }),
    putDeliveredStatus: (input: PutDeliveredStatusInput): Promise<OutboundResult> =>
      this.answer('putDeliveredStatus', input, { httpStatus: 200, alreadySent: false }),
  };
}
