// The workflow bundle's entry point: every workflow type the worker registers.
export { intakeWorkflow } from './intake';
export { orderWorkflow } from './order';
