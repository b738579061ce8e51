import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { IntegrationRuntime, SandboxState } from './sandbox-state';

/**
 * Basic authentication per integration (seed section 2). Kept behind one function so another
 * scheme (Jakamo's newer connectors use OAuth2 bearer tokens) can be added without touching
 * the routes. Credentials are compared in constant time and never logged.
 */

export interface BasicCredentials {
  username: string;
  password: string;
}

export function parseBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sameSecret(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * The integration the request authenticates as, or undefined. Failures are counted on the
 * integration whose username was given (or, with a single integration, on that one — a
 * client with a mistyped username still shows up where an operator looks).
 */
export function authenticate(
  state: SandboxState,
  headers: IncomingHttpHeaders,
): IntegrationRuntime | undefined {
  const credentials = parseBasicAuthorization(headers.authorization);
  const named = credentials === undefined ? undefined : state.byUsername(credentials.username);
  if (
    named !== undefined &&
    credentials !== undefined &&
    sameSecret(credentials.password, named.config.password)
  ) {
    return named;
  }
  const blamed = named ?? (state.integrations.size === 1 ? [...state.integrations.values()][0] : undefined);
  if (blamed) blamed.stats.authFailures += 1;
  else state.unknownUserAuthFailures += 1;
  state.changed();
  return undefined;
}
