import type { CustomerTerms } from './customer-terms';
import type { Settings } from './settings';

/**
 * What `jakamo-so config check` shows: the configuration in effect, with every secret replaced by
 * where it comes from (`env:NAME (set)`, `file:PATH (readable)`). Never a secret's value.
 */
export interface EffectiveConfiguration {
  source: string;
  integrations: {
    id: string;
    baseUrl: string;
    username: string;
    password: string;
    pollInterval: string;
    drainBudget: string;
    httpTimeout: string;
    customers: Record<string, CustomerTerms>;
  }[];
  /** With no integration configured, `jakamo-so start` runs the embedded sandbox with this one. */
  embeddedSandboxIntegration: string | undefined;
  customers: Record<string, CustomerTerms>;
  defaults: {
    confirmationPolicy: string;
    responseStyle: string;
    orderResponseCustomers: string[];
    sellerContactId: string | undefined;
    quietPeriod: string;
  };
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tls: boolean;
    apiKey: string | undefined;
  };
  database: string;
  erpApi: { listen: string; tokens: string | undefined; tokensFile: string | undefined };
  /** The worker's Prometheus endpoint (METRICS_ADDRESS); undefined: none. */
  metrics: { endpoint: string | undefined; refreshInterval: string };
  /** The worker's workflow cache and task slots (WORKER_MAX_*). */
  worker: {
    maxCachedWorkflows: number;
    maxConcurrentWorkflowTasks: number;
    maxConcurrentActivities: number;
    maxConcurrentHandOffs: number;
  };
}

const units: [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1000, 's'],
];

/** 30 days → "30d", 1500 → "1500ms". */
export function formatDuration(ms: number): string {
  for (const [size, unit] of units) if (ms !== 0 && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

export function effectiveConfiguration(settings: Settings): EffectiveConfiguration {
  return {
    source:
      settings.configFile === undefined
        ? 'environment variables (JAKAMO_SO_CONFIG is not set)'
        : `JAKAMO_SO_CONFIG (${settings.configFile}) and environment variables`,
    integrations: settings.integrations.map((integration) => ({
      id: integration.id,
      baseUrl: integration.baseUrl,
      username: integration.username.source,
      password: integration.password.source,
      pollInterval: formatDuration(integration.pollIntervalMs),
      drainBudget: formatDuration(integration.drainBudgetMs),
      httpTimeout: formatDuration(integration.httpTimeoutMs),
      customers: integration.customers,
    })),
    embeddedSandboxIntegration: settings.embeddedSandbox?.id,
    customers: settings.orders.customers,
    defaults: {
      confirmationPolicy: settings.orders.confirmationPolicy,
      responseStyle: settings.orders.defaultResponseStyle,
      orderResponseCustomers: settings.orders.orderResponseCustomers,
      sellerContactId: settings.orders.defaultSellerContactId,
      quietPeriod: formatDuration(settings.orders.quietPeriodMs),
    },
    temporal: {
      address: settings.temporal.address ?? 'embedded dev server',
      namespace: settings.temporal.namespace,
      taskQueue: settings.temporal.taskQueue,
      tls: settings.temporal.tls,
      apiKey: settings.temporal.apiKey === undefined ? undefined : 'env:TEMPORAL_API_KEY (set)',
    },
    // A PostgreSQL URL may hold a password: only its kind is shown.
    database:
      settings.database.kind === 'sqlite'
        ? `SQLite ${settings.database.file}`
        : 'PostgreSQL (env:DATABASE_URL (set))',
    erpApi: {
      listen: `${settings.erpApi.host}:${settings.erpApi.port}`,
      tokens: settings.erpApi.tokensSource,
      tokensFile: settings.erpApi.tokensFile,
    },
    metrics: {
      endpoint:
        settings.metrics.address === undefined ? undefined : `http://${settings.metrics.address}/metrics`,
      refreshInterval: formatDuration(settings.metrics.refreshIntervalMs),
    },
    worker: { ...settings.worker },
  };
}

function describeTerms(terms: CustomerTerms): string {
  const parts = [
    terms.confirmationPolicy === undefined ? undefined : `policy ${terms.confirmationPolicy}`,
    terms.responseStyle === undefined ? undefined : `response ${terms.responseStyle}`,
    terms.sellerContactId === undefined ? undefined : `seller contact ${terms.sellerContactId}`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? '(defaults)' : parts.join(' · ');
}

/** The effective configuration as the lines `config check` prints. */
export function formatEffectiveConfiguration(config: EffectiveConfiguration): string[] {
  const lines = [`Configuration from ${config.source}: valid.`, ''];
  lines.push('Integrations (one intake each):');
  if (config.integrations.length === 0) {
    lines.push(
      `  none: \`jakamo-so start\` runs the embedded sandbox as "${config.embeddedSandboxIntegration ?? ''}"`,
    );
  }
  for (const integration of config.integrations) {
    lines.push(`  ${integration.id}  ${integration.baseUrl}`);
    lines.push(`    username: ${integration.username}`);
    lines.push(`    password: ${integration.password}`);
    lines.push(
      `    poll interval ${integration.pollInterval} · drain budget ${integration.drainBudget} · HTTP timeout ${integration.httpTimeout}`,
    );
    for (const [customer, terms] of Object.entries(integration.customers)) {
      lines.push(`    customer ${customer}: ${describeTerms(terms)}`);
    }
  }
  lines.push('', 'Orders:');
  const defaults = config.defaults;
  lines.push(
    `  defaults: policy ${defaults.confirmationPolicy} · response ${defaults.responseStyle} · seller contact ${defaults.sellerContactId ?? '(none)'} · quiet period ${defaults.quietPeriod}`,
  );
  if (defaults.orderResponseCustomers.length > 0) {
    lines.push(
      `  OrderResponse customers (ORDER_RESPONSE_CUSTOMERS): ${defaults.orderResponseCustomers.join(', ')}`,
    );
  }
  for (const [customer, terms] of Object.entries(config.customers)) {
    lines.push(`  customer ${customer}: ${describeTerms(terms)}`);
  }
  lines.push('', 'Services:');
  lines.push(
    `  Temporal: ${config.temporal.address} · namespace ${config.temporal.namespace} · task queue ${config.temporal.taskQueue}${config.temporal.tls ? ' · TLS' : ''}${config.temporal.apiKey === undefined ? '' : ` · API key ${config.temporal.apiKey}`}`,
  );
  lines.push(`  Database: ${config.database}`);
  lines.push(
    `  ERP API:  ${config.erpApi.listen} · tokens ${config.erpApi.tokens ?? '(none)'}${config.erpApi.tokensFile === undefined ? '' : ` · tokens file ${config.erpApi.tokensFile}`}`,
  );
  lines.push(
    config.metrics.endpoint === undefined
      ? '  Metrics:  off (METRICS_ADDRESS is not set)'
      : `  Metrics:  ${config.metrics.endpoint} · gauges from visibility every ${config.metrics.refreshInterval}`,
  );
  const worker = config.worker;
  lines.push(
    `  Worker:   cache ${worker.maxCachedWorkflows === 0 ? 'off' : `${worker.maxCachedWorkflows} workflows`} · ${worker.maxConcurrentWorkflowTasks} workflow tasks and ${worker.maxConcurrentActivities} activities at once · ${worker.maxConcurrentHandOffs} hand-offs at once`,
  );
  return lines;
}
