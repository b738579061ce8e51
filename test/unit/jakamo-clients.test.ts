import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { BasicAuth } from '../../activities/jakamo/jakamo-auth';
import { JakamoClient } from '../../activities/jakamo/jakamo-client';
import { JakamoClients } from '../../activities/jakamo/jakamo-clients';
import { PipelineFailureType } from '../../domain/failure-types';

void describe('Jakamo clients by integration', () => {
  const client = (user: string) =>
    new JakamoClient({
      baseUrl: 'https://demo.thejakamo.com',
      auth: new BasicAuth(user, 'pw'),
      timeoutMs: 1000,
    });
  const eu = client('eu');
  const nordic = client('nordic');
  const clients = new JakamoClients(
    new Map([
      ['eu', eu],
      ['nordic', nordic],
    ]),
  );

  void test('each integration gets its own client', () => {
    assert.equal(clients.forIntegration('eu'), eu);
    assert.equal(clients.forIntegration('nordic'), nordic);
  });

  void test('an integration the worker does not serve is a non-retryable failure that says what to do', () => {
    assert.throws(
      () => clients.forIntegration('elsewhere'),
      (error: unknown) =>
        error instanceof ApplicationFailure &&
        error.nonRetryable &&
        error.type === PipelineFailureType.UnknownIntegration &&
        /no Jakamo integration "elsewhere" \(it serves eu, nordic\): add the integration/.test(error.message),
    );
  });
});
