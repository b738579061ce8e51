import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

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

/** The worker's own (native) connection. */
export function connectWorker(endpoint: TemporalEndpoint): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(endpoint));
}
