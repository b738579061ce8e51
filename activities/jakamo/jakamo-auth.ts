/**
 * How requests to Jakamo are authenticated. The SO API uses Basic auth with the integration
 * credentials; Jakamo's newer connectors use OAuth2 client-credentials bearer tokens, so the
 * client only ever asks for a header value.
 */
export interface JakamoAuth {
  authorizationHeader(): Promise<string>;
}

export class BasicAuth implements JakamoAuth {
  // A #private field: not printed by console.log / util.inspect, not serialised.
  readonly #header: string;

  constructor(username: string, password: string) {
    this.#header = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  }

  authorizationHeader(): Promise<string> {
    return Promise.resolve(this.#header);
  }

  // Keeps the credentials out of logs and error messages that print the object.
  toJSON(): string {
    return 'BasicAuth(***)';
  }
}
