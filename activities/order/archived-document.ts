import { ApplicationFailure } from '@temporalio/common';
import type { MessageArchive } from '../../db/message-archive';
import type { InboundMessage } from '../../db/schema';
import type { InboundDocument } from '../../domain/documents';
import { PipelineFailureType } from '../../domain/failure-types';
import { isUblDocumentError } from '../../ubl/errors';
import { parseInboundDocument } from '../../ubl/parse-inbound';

/**
 * Reads an archived inbound message back as a document of the expected kind. The workflow
 * carries references; the archived raw message is the source of truth.
 */
export async function readArchivedDocument<K extends InboundDocument['kind']>(
  archive: MessageArchive,
  integration: string,
  sha256: string,
  kinds: readonly K[],
): Promise<{ document: Extract<InboundDocument, { kind: K }>; archived: InboundMessage }> {
  const archived = await archive.find(integration, sha256);
  if (archived === undefined) {
    throw ApplicationFailure.nonRetryable(
      `Archived message ${sha256} is missing from the connector database: was the database reset?`,
      PipelineFailureType.ArchivedMessageMissing,
    );
  }
  let document: InboundDocument;
  try {
    document = parseInboundDocument(archived.raw_xml);
  } catch (error) {
    if (!isUblDocumentError(error)) throw error;
    throw ApplicationFailure.nonRetryable(
      `Archived message ${sha256} cannot be read (${error.code}: ${error.message})`,
      PipelineFailureType.DocumentUnreadable,
    );
  }
  if (!(kinds as readonly string[]).includes(document.kind)) {
    throw ApplicationFailure.nonRetryable(
      `Archived message ${sha256} is a ${document.kind}, not ${kinds.join(' or ')}`,
      PipelineFailureType.DocumentUnreadable,
    );
  }
  return { document: document as Extract<InboundDocument, { kind: K }>, archived };
}
