import { JakamoErrorType } from '../../domain/failure-types';

export { JakamoErrorType };
/**
 * Jakamo's answers sorted into the error classes of DESIGN.md 4.3. Pure functions: the
 * activities turn a class into an `ApplicationFailure` whose `type` is the class name and
 * which is non-retryable where a retry cannot help.
 */

const nonRetryable: ReadonlySet<JakamoErrorType> = new Set([
  JakamoErrorType.AuthenticationFailed,
  JakamoErrorType.MappingMissing,
  JakamoErrorType.DocumentRejected,
  JakamoErrorType.OrderNotFound,
  JakamoErrorType.BadRequest,
]);

export function isRetryable(type: JakamoErrorType): boolean {
  return !nonRetryable.has(type);
}

const messageClasses: ReadonlyArray<[string, JakamoErrorType]> = [
  ['Authentication failed.', JakamoErrorType.AuthenticationFailed],
  ['No customer mapping found', JakamoErrorType.MappingMissing],
  ['Errors in SellerContact element. Missing mapping?', JakamoErrorType.MappingMissing],
  ['Incorrect order response', JakamoErrorType.DocumentRejected],
  ['LineItem missing Quantity', JakamoErrorType.DocumentRejected],
  ['Price\\PriceAmount is required.', JakamoErrorType.DocumentRejected],
  ['Cannot find order.', JakamoErrorType.OrderNotFound],
];

const xmlEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The texts of the `<error>` elements of a Jakamo error body (the whole body if it has none). */
export function readJakamoErrors(body: string): string[] {
  const errors = [...body.matchAll(/<error(?:\s[^>]*)?>([\s\S]*?)<\/error>/gi)].map((match) =>
    (match[1] ?? '').replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => xmlEntities[name] ?? '').trim(),
  );
  if (errors.length > 0) return errors;
  const text = body.trim();
  return text === '' ? [] : [text.length > 500 ? `${text.slice(0, 500)}…` : text];
}

export function classifyJakamoAnswer(status: number, errors: readonly string[]): JakamoErrorType {
  if (status === 429 || status >= 500) return JakamoErrorType.Unavailable;
  for (const [message, type] of messageClasses) {
    if (errors.some((error) => error.trim() === message)) return type;
  }
  if (status >= 400) return JakamoErrorType.BadRequest;
  return JakamoErrorType.UnexpectedResponse;
}

const advice: Record<JakamoErrorType, string> = {
  JakamoAuthenticationFailed:
    'check JAKAMO_USERNAME and JAKAMO_PASSWORD against the integration credentials on the Jakamo Integrations page, then resume the intake',
  JakamoMappingMissing:
    'add the missing company or user mapping on the Jakamo Integrations page, then retry the order',
  JakamoDocumentRejected: 'correct the document (see the error), then retry the order',
  JakamoOrderNotFound: 'check that the order exists in Jakamo, then retry the order',
  JakamoBadRequest: 'the request was refused; see the error, then retry',
  JakamoUnavailable: 'Jakamo is failing or busy; the request is retried with backoff',
  JakamoUnreachable: 'Jakamo could not be reached; the request is retried with backoff',
  JakamoUnexpectedResponse: 'the answer does not look like the SO API; check JAKAMO_BASE_URL',
};

/** A Jakamo request that did not succeed. Never carries credentials. */
export class JakamoApiError extends Error {
  override name = 'JakamoApiError';

  constructor(
    readonly type: JakamoErrorType,
    readonly request: string,
    readonly status: number | undefined,
    readonly jakamoErrors: string[],
    detail?: string,
    /** Jakamo's raw answer, kept for the outbound record (never contains credentials). */
    readonly responseBody?: string,
  ) {
    const said = jakamoErrors.length > 0 ? `: ${jakamoErrors.join('; ')}` : '';
    const how = status === undefined ? (detail ? `: ${detail}` : '') : ` answered ${status}${said}`;
    super(`${request}${how} — ${advice[type]}`);
  }

  get retryable(): boolean {
    return isRetryable(this.type);
  }
}
