import { after, before } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/create-worker';
import { connectToDevServer } from './temporal';

export interface Testbed {
  env: TestWorkflowEnvironment;
  workflowBundle: WorkflowBundle;
}

/**
 * Connects a test file to the run's dev server and bundles the workflows once for it; torn
 * down after the file. Read the fields inside tests (they are set by `before`).
 */
export function devServerTestbed(): Testbed {
  const testbed = {} as Testbed;
  before(async () => {
    testbed.env = await connectToDevServer();
    testbed.workflowBundle = await bundleWorkflows();
  });
  after(async () => {
    await testbed.env?.teardown();
  });
  return testbed;
}
