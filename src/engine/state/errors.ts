/** Something went wrong reading or writing new-terms state. Subclasses say what. */
export class StateStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StateStoreError';
  }
}

/** A state file or import document that is not valid state; `path` points at the bad part. */
export class StateFormatError extends StateStoreError {
  readonly path: string;
  readonly problem: string;

  constructor(problem: string, path: string, source?: string) {
    const where = path === '' ? '' : ` at ${path}`;
    super(`invalid new-terms state${source === undefined ? '' : ` in ${source}`}${where}: ${problem}`);
    this.name = 'StateFormatError';
    this.path = path;
    this.problem = problem;
  }
}

/** Writing would mix histories that mean different things (a rule's fields changed). */
export class StateConflictError extends StateStoreError {
  constructor(message: string) {
    super(message);
    this.name = 'StateConflictError';
  }
}

/** The host ran out of storage (browser quota, full disk): nothing of the write was kept. */
export class StateQuotaError extends StateStoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StateQuotaError';
  }
}
