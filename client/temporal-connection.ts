import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

export interface TemporalEndpoint {
  address: string;
  namespace: string;
  apiKey?: string | undefined;
  tls?: boolean | undefined;
}

/** A client for starting, signalling and querying workflows. */
export async function connectClient(endpoint: TemporalEndpoint): Promise<Client> {
  const connection = await Connection.connect({
    address: endpoint.address,
    tls: endpoint.tls === true ? {} : undefined,
    ...(endpoint.apiKey === undefined ? {} : { apiKey: endpoint.apiKey }),
  });
  return new Client({ connection, namespace: endpoint.namespace });
}

/** The worker's own (native) connection. */
export function connectWorker(endpoint: TemporalEndpoint): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: endpoint.address,
    tls: endpoint.tls === true ? {} : undefined,
    ...(endpoint.apiKey === undefined ? {} : { apiKey: endpoint.apiKey }),
  });
}
