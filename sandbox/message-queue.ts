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
  /** The text of the message, or with `bodyEncoding` "base64" its bytes in base64. */
  body: string;
  /**
   * "base64": the message is bytes, not text (a raw message that is not UTF-8, or binary), and
   * is served exactly as those bytes.
   */
  bodyEncoding?: 'base64';
  enqueuedAt: string;
}

/** What the queue GET sends: the text, or the exact bytes of a base64 message. */
export function messageBody(message: QueuedMessage): string | Buffer {
  return message.bodyEncoding === 'base64' ? Buffer.from(message.body, 'base64') : message.body;
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
