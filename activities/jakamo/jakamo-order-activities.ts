import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { MessageArchive } from '../../db/message-archive';
import type { OutboundDocuments, OutboundRequest } from '../../db/outbound-documents';
import { PipelineFailureType } from '../../domain/failure-types';
import { StatusMessageStatus } from '../../domain/status-message-layout';
import { buildStatusMessage } from '../../ubl/build-status-message';
import { isUblDocumentError } from '../../ubl/errors';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import type { XsdValidator } from '../../ubl/xsd-validator';
import { readArchivedDocument } from '../order/archived-document';
import { buildOrderResponseXml, checkOrderResponse } from './order-response-document';
import { crashIfAskedAt } from '../crash-point';
import { whileHeartbeating } from '../heartbeat';
import { JakamoApiError, JakamoErrorType } from './jakamo-errors';
import { JakamoClient, type JakamoAnswer } from './jakamo-client';
import type { JakamoClients } from './jakamo-clients';
import { toApplicationFailure } from './jakamo-failure';
import type { JakamoOrderActivities, OutboundResult } from '../types';

/**
 * How many times in a row Jakamo may answer 5xx / 429 before the step needs an operator (a
 * document Jakamo cannot read fails the same way every time). Network errors never give up.
 */
export const unavailableAttemptCap = 8;

function asActivityFailure(error: unknown): unknown {
  const attempt = Context.current().info.attempt;
  if (
    error instanceof JakamoApiError &&
    error.type === JakamoErrorType.Unavailable &&
    attempt >= unavailableAttemptCap
  ) {
    return ApplicationFailure.nonRetryable(
      `${error.message} (${attempt} attempts in a row: look at the outbound document and Jakamo's answer, then retry)`,
      JakamoErrorType.Unavailable,
      { status: error.status, jakamoErrors: error.jakamoErrors },
    );
  }
  return toApplicationFailure(error);
}

export interface JakamoOrderActivityDependencies {
  archive: MessageArchive;
  outbound: OutboundDocuments;
  /** The Jakamo client of each integration this worker serves; an order uses its own integration's. */
  jakamo: JakamoClients;
  /** XSD validation of outbound UBL; undefined when no UBL 2.1 schemas are configured. */
  validator: XsdValidator | undefined;
  /** Test hook: die at this crash point (see crash-point.ts). */
  crashAt?: string;
}

/**
 * What the supplier sends Jakamo about an order: simple confirmation, OrderResponse, Delivered.
 * Every request is built and checked first (a document that fails is our bug: recorded, never
 * sent), recorded before it is sent and again with Jakamo's answer; a retry of a step whose
 * success is recorded sends nothing. What remains is the window the SO API cannot close: Jakamo
 * processed a request whose answer never reached us — then the retry sends it again.
 */
export function createJakamoOrderActivities(deps: JakamoOrderActivityDependencies): JakamoOrderActivities {
  /** Records, sends (heartbeating), records the answer. */
  async function send(
    request: OutboundRequest,
    call: (signal: AbortSignal) => Promise<JakamoAnswer>,
  ): Promise<OutboundResult> {
    const previous = await deps.outbound.find(request.orderKey, request.effectId);
    if (previous?.status === 'answered' && previous.accepted === true) {
      Context.current().log.info('Already sent and accepted: not sending again', {
        orderKey: request.orderKey,
        effectId: request.effectId,
        kind: request.kind,
      });
      return { httpStatus: previous.httpStatus ?? 200, alreadySent: true };
    }
    await deps.outbound.recordSending(request);
    crashIfAskedAt(deps.crashAt, 'outbound-sending-recorded');
    let answer: JakamoAnswer;
    try {
      answer = await whileHeartbeating(() => call(Context.current().cancellationSignal));
    } catch (error) {
      if (error instanceof JakamoApiError && error.status !== undefined) {
        await deps.outbound.recordAnswer(request.orderKey, request.effectId, {
          httpStatus: error.status,
          responseBody: error.responseBody ?? error.jakamoErrors.join('\n'),
          accepted: false,
        });
      }
      throw asActivityFailure(error);
    }
    await deps.outbound.recordAnswer(request.orderKey, request.effectId, {
      httpStatus: answer.status,
      responseBody: answer.body,
      accepted: true,
    });
    crashIfAskedAt(deps.crashAt, 'outbound-answer-recorded');
    return { httpStatus: answer.status, alreadySent: false };
  }

  async function refuseInvalid(request: OutboundRequest, problems: string[]): Promise<never> {
    const text = problems.join('; ');
    await deps.outbound.recordInvalid(request, text);
    throw ApplicationFailure.nonRetryable(
      `The ${request.kind} built for ${request.orderKey} failed its checks, so nothing was sent: ${text}`,
      PipelineFailureType.OutboundDocumentInvalid,
    );
  }

  return {
    async simpleConfirm({ orderKey, integration, effectId, confirmUrl, note }) {
      const jakamo = deps.jakamo.forIntegration(integration);
      return send(
        {
          orderKey,
          integration,
          effectId,
          kind: 'SimpleConfirm',
          purpose: 'confirm as requested',
          method: 'POST',
          targetUrl: confirmUrl,
          body: JakamoClient.simpleConfirmBody(note),
        },
        (signal) => jakamo.simpleConfirm(confirmUrl, note, signal),
      );
    },

    async postOrderResponse(input) {
      const jakamo = deps.jakamo.forIntegration(input.integration);
      const { document: basis } = await readArchivedDocument(
        deps.archive,
        input.integration,
        input.basisSha256,
        ['Order', 'OrderChange'],
      );
      const request: OutboundRequest = {
        orderKey: input.orderKey,
        integration: input.integration,
        effectId: input.effectId,
        kind: 'OrderResponse',
        purpose: input.purpose,
        method: 'POST',
        targetUrl: jakamo.orderResponseUrl(),
        body: '',
      };
      let xml: string;
      try {
        xml = buildOrderResponseXml(basis, input, new Date());
      } catch (error) {
        if (!isUblDocumentError(error)) throw error;
        return refuseInvalid(request, [error.message]);
      }
      request.body = xml;
      const problems = await checkOrderResponse(xml, deps.validator);
      if (problems.length > 0) return refuseInvalid(request, problems);
      return send(request, (signal) => jakamo.postOrderResponse(xml, signal));
    },

    async putDeliveredStatus(input) {
      const jakamo = deps.jakamo.forIntegration(input.integration);
      const request: OutboundRequest = {
        orderKey: input.orderKey,
        integration: input.integration,
        effectId: input.effectId,
        kind: 'DeliveredStatus',
        purpose: input.wholeOrder
          ? 'Delivered (whole order)'
          : `Delivered (lines ${input.lines.map((l) => l.lineId).join(', ')})`,
        method: 'PUT',
        targetUrl: jakamo.statusMessageUrl(input.orderNumber),
        body: '',
      };
      let xml: string;
      try {
        xml = buildStatusMessage({
          orderNumber: input.orderNumber,
          buyerPartyId: input.buyerPartyId,
          status: StatusMessageStatus.Delivered,
          lineIds: input.wholeOrder ? [] : input.lines.map((line) => line.lineId),
          ...(input.note === undefined ? {} : { note: input.note }),
        });
        // No schema exists for the assumed layout: reading it back is the check.
        const parsed = parseInboundDocument(xml);
        if (parsed.kind !== 'StatusMessage') throw new Error(`built a ${parsed.kind}`);
      } catch (error) {
        return refuseInvalid(request, [error instanceof Error ? error.message : String(error)]);
      }
      request.body = xml;
      return send(request, (signal) => jakamo.putStatusMessage(input.orderNumber, xml, signal));
    },
  };
}
