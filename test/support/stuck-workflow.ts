import { condition, defineSignal, setHandler, workflowInfo } from '@temporalio/workflow';

/**
 * A workflow with a bug, for the reset tests: its first run cannot take the step `bug` (a plain
 * Error fails the workflow task, which Temporal retries for ever — the workflow is stuck). A run
 * a reset starts stands for the fixed code: it takes the step.
 */
export const stepSignal = defineSignal<[string]>('step');

export async function stuckOnABug(): Promise<string[]> {
  const steps: string[] = [];
  setHandler(stepSignal, (step) => {
    if (step === 'bug' && workflowInfo().runId === workflowInfo().firstExecutionRunId) {
      throw new Error('a bug: this step cannot be taken');
    }
    steps.push(step);
  });
  await condition(() => steps.includes('done'));
  return steps;
}
