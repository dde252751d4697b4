/**
 * A Query DSL object Loupe cannot evaluate. `path` is the JSON path of the offending clause
 * (`filters[1].query.bool.must[0]`); `kind` separates queries Elasticsearch would reject
 * (`invalid`) from valid ones Loupe does not run (`unsupported`).
 */
export type DslErrorKind = 'invalid' | 'unsupported';

export class DslError extends Error {
  readonly path: string;
  readonly reason: string;
  readonly kind: DslErrorKind;

  constructor(path: string, reason: string, kind: DslErrorKind = 'invalid') {
    super(`${path}: ${reason}`);
    this.name = 'DslError';
    this.path = path;
    this.reason = reason;
    this.kind = kind;
  }
}
