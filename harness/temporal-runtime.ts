import { DefaultLogger, Runtime } from '@temporalio/worker';

let runtimeInstalled = false;

/** Worker state changes and workflow info logs would bury the test report: keep warnings and errors. */
export function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}
