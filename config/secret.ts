/**
 * A resolved secret: its value for the one piece of code that needs it, and where it came from for
 * everyone else. Logging or serialising it shows the source, never the value.
 */
export class Secret {
  readonly #value: string;
  constructor(
    /** `env:NAME (set)` or `file:PATH (readable)`: what `config check` and logs may show. */
    readonly source: string,
    value: string,
  ) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return this.source;
  }
  toString(): string {
    return this.source;
  }
}
