import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Typed search attributes that let operators filter orders in the Temporal Web UI
 * (for example `NeedsAttention = true` or `JakamoOrderStatus = "Confirmed"`).
 * Shared by workflows (upserts), clients (start options) and the worker (registration).
 */
export const JakamoOrderStatus = defineSearchAttributeKey('JakamoOrderStatus', SearchAttributeType.KEYWORD);
export const JakamoCustomer = defineSearchAttributeKey('JakamoCustomer', SearchAttributeType.KEYWORD);
export const JakamoOrderNumber = defineSearchAttributeKey('JakamoOrderNumber', SearchAttributeType.KEYWORD);
export const NeedsAttention = defineSearchAttributeKey('NeedsAttention', SearchAttributeType.BOOL);

export const pipelineSearchAttributes = [
  JakamoOrderStatus,
  JakamoCustomer,
  JakamoOrderNumber,
  NeedsAttention,
];
