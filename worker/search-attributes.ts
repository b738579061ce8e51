import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { pipelineSearchAttributes } from '../domain/search-attributes';
import type { Logger } from './logger';

const indexedValueType: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/**
 * Registers the pipeline's search attributes on a cluster that lacks them (the embedded dev
 * server gets them on its command line). Where the connection may not register them (for
 * example Temporal Cloud), it says which ones an admin has to add.
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  logger: Logger,
): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set([
    ...Object.keys(existing.customAttributes ?? {}),
    ...Object.keys(existing.systemAttributes ?? {}),
  ]);
  const missing = pipelineSearchAttributes.filter((key) => !known.has(key.name));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedValueType[key.type]])),
    });
    logger.info({ added: missing.map((key) => key.name) }, 'Registered search attributes');
  } catch (error) {
    const list = missing.map((key) => `${key.name} (${key.type})`).join(', ');
    throw new Error(
      `The search attributes ${list} are not registered in namespace ${namespace} and could not be added (${(error as Error).message}). ` +
        'Ask the cluster admin to add them, for example: temporal operator search-attribute create --name JakamoOrderStatus --type Keyword',
    );
  }
}
