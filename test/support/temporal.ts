import { TestWorkflowEnvironment } from '@temporalio/testing';
import { quietTemporalRuntime } from '../../harness/temporal-runtime';

// Waiting for state needs no Temporal: it lives in its own file, for the tests that start none.
export { eventually } from './eventually';

/**
 * The run's dev server (started once by test/run-tests.ts). Run tests through `npm test`,
 * or set TEMPORAL_TEST_ADDRESS to a dev server started with the pipeline's search attributes.
 */
export function devServerAddress(): string {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) throw new Error('TEMPORAL_TEST_ADDRESS is not set: run the tests with `npm test`');
  return address;
}

/** The Web UI of the run's dev server (test/run-tests.ts), for the browser tests. */
export function devServerUiUrl(): string {
  const url = process.env.TEMPORAL_TEST_UI_URL;
  if (!url) throw new Error('TEMPORAL_TEST_UI_URL is not set: run the tests with `npm test`');
  return url;
}

export function connectToDevServer(): Promise<TestWorkflowEnvironment> {
  quietTemporalRuntime();
  return TestWorkflowEnvironment.createFromExistingServer({
    address: devServerAddress(),
    namespace: 'default',
  });
}

/** The `temporal` CLI the run's dev server is (for a test that needs a server of its own). */
export function temporalCliPath(): string {
  const file = process.env.TEMPORAL_TEST_CLI_PATH;
  if (!file) throw new Error('TEMPORAL_TEST_CLI_PATH is not set: run the tests with `npm test`');
  return file;
}

export function testServerPath(): string {
  const file = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!file) throw new Error('TEMPORAL_TEST_SERVER_PATH is not set: run the tests with `npm test`');
  return file;
}
