import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Settings } from '../config/settings';

export interface TemporalEndpoint {
  address: string;
  namespace: string;
  apiKey?: string | undefined;
  tls?: boolean | undefined;
}

function connectionOptions(endpoint: TemporalEndpoint) {
  return {
    address: endpoint.address,
    tls: endpoint.tls === true ? {} : undefined,
    ...(endpoint.apiKey === undefined ? {} : { apiKey: endpoint.apiKey }),
  };
}

/** A client for starting, signalling and querying workflows, with its connection (closed by the caller). */
export async function connectClient(
  endpoint: TemporalEndpoint,
): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect(connectionOptions(endpoint));
  return { client: new Client({ connection, namespace: endpoint.namespace }), connection };
}

/**
 * The command line's client for the configured cluster (TEMPORAL_ADDRESS, else a running
 * `jakamo-so start`'s dev server). A cluster out of reach is one line that says what to check.
 */
export async function connectCliClient(
  settings: Settings,
): Promise<{ client: Client; connection: Connection }> {
  const address = settings.temporal.address ?? `127.0.0.1:${settings.temporal.devServerPort}`;
  return await connectClient({
    address,
    namespace: settings.temporal.namespace,
    apiKey: settings.temporal.apiKey,
    tls: settings.temporal.tls,
  }).catch((error: unknown) => {
    throw new Error(
      `Cannot reach Temporal at ${address} (${(error as Error).message}): is \`jakamo-so start\` running, or TEMPORAL_ADDRESS set?`,
    );
  });
}

/** The worker's own (native) connection. */
export function connectWorker(endpoint: TemporalEndpoint): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(endpoint));
}
