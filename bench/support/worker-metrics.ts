import { scrape, type Scrape } from '../../harness/prometheus';
import { round } from './figures';

/**
 * Where the worker's time goes, from its own Prometheus endpoint at the end of a run: the mean
 * latency and count per Temporal request, workflow task and activity type, and per Jakamo
 * endpoint, and how the workflow cache fared. Means over the whole run, in milliseconds.
 */
export interface WorkerTimeBreakdown {
  /** The worker's requests to Temporal (RespondWorkflowTaskCompleted, RespondActivityTaskCompleted, …). */
  temporalRequests: Record<string, MeanOf>;
  workflowTaskExecution: Record<string, MeanOf>;
  workflowTaskScheduleToStart: MeanOf | undefined;
  activityExecution: Record<string, MeanOf>;
  activityScheduleToStart: MeanOf | undefined;
  jakamoRequests: Record<string, MeanOf>;
  /** Cache hits per workflow type, its size at the end, and forced evictions / misses where reported. */
  workflowCache: Record<string, number>;
}

export interface MeanOf {
  count: number;
  meanMs: number;
}

function meansBy(metrics: Scrape, family: string, label: string, toMs = 1): Record<string, MeanOf> {
  const means: Record<string, MeanOf> = {};
  for (const sample of metrics.select(`${family}_count`)) {
    const key = sample.labels[label] ?? '(all)';
    const sum = metrics.sum(`${family}_sum`, { [label]: key });
    const count = metrics.sum(`${family}_count`, { [label]: key });
    means[key] = { count, meanMs: count === 0 ? 0 : round((sum * toMs) / count, 1) };
  }
  return means;
}

function mean(metrics: Scrape, family: string): MeanOf | undefined {
  const count = metrics.sum(`${family}_count`);
  if (count === 0) return undefined;
  return { count, meanMs: round(metrics.sum(`${family}_sum`) / count, 1) };
}

export async function workerTimeBreakdown(port: number): Promise<WorkerTimeBreakdown | undefined> {
  let metrics: Scrape;
  try {
    metrics = await scrape(`http://127.0.0.1:${port}/metrics`);
  } catch {
    return undefined;
  }
  const workflowCache: Record<string, number> = {};
  for (const sample of metrics.samples) {
    if (!/sticky_cache|evict/.test(sample.name) || sample.name.endsWith('_bucket')) continue;
    const key =
      sample.labels.workflow_type === undefined
        ? sample.name
        : `${sample.name}{${sample.labels.workflow_type}}`;
    workflowCache[key] = (workflowCache[key] ?? 0) + sample.value;
  }
  return {
    temporalRequests: meansBy(metrics, 'temporal_request_latency', 'operation'),
    workflowTaskExecution: meansBy(metrics, 'temporal_workflow_task_execution_latency', 'workflow_type'),
    workflowTaskScheduleToStart: mean(metrics, 'temporal_workflow_task_schedule_to_start_latency'),
    activityExecution: meansBy(metrics, 'temporal_activity_execution_latency', 'activity_type'),
    activityScheduleToStart: mean(metrics, 'temporal_activity_schedule_to_start_latency'),
    jakamoRequests: meansBy(metrics, 'jakamo_so_jakamo_request_duration_seconds', 'endpoint', 1000),
    workflowCache,
  };
}
