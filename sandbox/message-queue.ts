/**
 * One integration's SO API queue (seed section 5): oldest unacknowledged message first, the
 * same message again until it is acknowledged. Acknowledged ids are remembered so that a
 * client retrying an acknowledgement whose response was lost gets 200 again.
 */

export type QueuedMessageKind = 'Order' | 'OrderChange' | 'OrderCancellation' | 'StatusMessage' | 'Raw';

export interface QueuedMessage {
  messageId: string;
  kind: QueuedMessageKind;
  jakamoOrderNumber?: string;
  body: string;
  enqueuedAt: string;
}

export interface MessageQueueSnapshot {
  pending: QueuedMessage[];
  acknowledged: string[];
}

export type AcknowledgeResult = 'cleared' | 'already-cleared' | 'unknown';

export class MessageQueue {
  private readonly pending: QueuedMessage[];
  private readonly acknowledged: Set<string>;

  constructor(snapshot?: MessageQueueSnapshot) {
    this.pending = [...(snapshot?.pending ?? [])];
    this.acknowledged = new Set(snapshot?.acknowledged ?? []);
  }

  enqueue(message: QueuedMessage): void {
    this.pending.push(message);
  }

  head(): QueuedMessage | undefined {
    return this.pending[0];
  }

  get size(): number {
    return this.pending.length;
  }

  acknowledge(messageId: string): AcknowledgeResult {
    if (this.acknowledged.has(messageId)) return 'already-cleared';
    const index = this.pending.findIndex((message) => message.messageId === messageId);
    if (index === -1) return 'unknown';
    this.pending.splice(index, 1);
    this.acknowledged.add(messageId);
    return 'cleared';
  }

  snapshot(): MessageQueueSnapshot {
    return { pending: [...this.pending], acknowledged: [...this.acknowledged] };
  }
}
