import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ErpApiSettings } from '../../config/settings';

/**
 * Who may call the ERP API: bearer tokens from `ERP_API_TOKENS` (comma-separated) and
 * `ERP_API_TOKENS_FILE` (one per line). A token is kept only as its SHA-256 and compared in
 * constant time; it never reaches a log or an error message.
 */

/** The shortest token accepted: shorter ones can be guessed. */
export const minimumTokenLength = 16;

/** No token is configured, or one is unusable: the API does not start. */
export class ErpApiTokensMissing extends Error {
  override name = 'ErpApiTokensMissing';
}

const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** The accepted tokens, as digests. */
export class ApiTokens {
  private readonly digests: readonly Buffer[];

  constructor(tokens: readonly string[]) {
    if (tokens.length === 0) throw new ErpApiTokensMissing('An ERP API needs at least one token');
    this.digests = tokens.map(digest);
  }

  get count(): number {
    return this.digests.length;
  }

  /**
   * Whether `presented` is one of the tokens. Digests have one length, so `timingSafeEqual`
   * compares them in constant time; every token is compared, so the time does not tell which
   * one matched either.
   */
  accepts(presented: string): boolean {
    const candidate = digest(presented);
    let matched = false;
    for (const known of this.digests) matched = timingSafeEqual(candidate, known) || matched;
    return matched;
  }
}

/** The token of an `Authorization: Bearer <token>` header; undefined when there is none. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  return match?.[1];
}

function checkToken(token: string, where: string): string {
  if (token.length < minimumTokenLength) {
    throw new ErpApiTokensMissing(
      `${where} is shorter than ${minimumTokenLength} characters: use long random tokens, for example \`openssl rand -hex 32\``,
    );
  }
  if (/\s/.test(token)) throw new ErpApiTokensMissing(`${where} contains white space`);
  return token;
}

/** Tokens in a file: one a line; blank lines and lines starting with `#` are skipped. */
export function readTokensFile(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ErpApiTokensMissing(
      `ERP_API_TOKENS_FILE=${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((token, index) => checkToken(token, `ERP_API_TOKENS_FILE line ${index + 1}`));
}

/**
 * The tokens the settings name. Throws, naming both settings, when there are none: the API never
 * runs open.
 */
export function loadApiTokens(settings: Pick<ErpApiSettings, 'tokens' | 'tokensFile'>): ApiTokens {
  const tokens = settings.tokens.map((token, index) =>
    checkToken(token, `ERP_API_TOKENS token ${index + 1}`),
  );
  if (settings.tokensFile !== undefined) tokens.push(...readTokensFile(settings.tokensFile));
  if (tokens.length === 0) {
    throw new ErpApiTokensMissing(
      'The ERP API needs at least one bearer token: set ERP_API_TOKENS (comma-separated) or ERP_API_TOKENS_FILE ' +
        '(a file with one token a line), for example ERP_API_TOKENS=$(openssl rand -hex 32)',
    );
  }
  return new ApiTokens(tokens);
}

/** Where `npm start` keeps the token it generated for the embedded default. */
export function embeddedTokenFile(dataDir: string): string {
  return path.join(dataDir, 'erp-api-token');
}

/**
 * The embedded default's token (`npm start` without ERP_API_TOKENS or ERP_API_TOKENS_FILE):
 * read from the data folder, or generated (32 random bytes) and kept there, readable by the
 * owner only. `created` tells the caller to show it (once).
 */
export function embeddedToken(dataDir: string): { token: string; file: string; created: boolean } {
  const file = embeddedTokenFile(dataDir);
  if (fs.existsSync(file)) {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (token.length >= minimumTokenLength && !/\s/.test(token)) {
      fs.chmodSync(file, 0o600);
      return { token, file, created: false };
    }
  }
  const token = randomBytes(32).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  // The mode of writeFileSync applies to new files only (and passes the umask): make sure.
  fs.chmodSync(file, 0o600);
  return { token, file, created: true };
}
