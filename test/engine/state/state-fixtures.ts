/** State documents shared by the format tests and the store contract. */

const DAY = 86_400_000;

export interface MutableDocument {
  format: unknown;
  version: unknown;
  rules: Record<string, unknown>;
  scans: Record<string, unknown>;
  [key: string]: unknown;
}

/** A valid, canonical document (sorted keys, normalized runs). */
export function validDocument(): MutableDocument {
  return {
    format: 'loupe-new-terms-state',
    version: 1,
    rules: {
      'rule-1': {
        fields: ['host.id', 'file.path'],
        window: 7 * DAY,
        terms: {
          '["h1","/bin/sh"]': [
            [1_700_000_000_000, 1_700_000_000_000 + DAY],
            [1_700_000_000_000 + 10 * DAY, 1_700_000_000_000 + 10 * DAY],
          ],
          '["h2","/bin/sh"]': [[1_700_000_000_000, 1_700_000_000_000]],
        },
      },
      'rule-2': { fields: ['process.name'], window: 5 * DAY, terms: { '["python"]': [[-5, 10]] } },
    },
    scans: { 'scan-a': [0, 1], 'scan-b': [0] },
  };
}

function withRule(rule: unknown): MutableDocument {
  const document = validDocument();
  document.rules['rule-1'] = rule;
  return document;
}

function withTerms(terms: unknown): MutableDocument {
  return withRule({ fields: ['host.id', 'file.path'], window: DAY, terms });
}

function withRuns(runs: unknown): MutableDocument {
  return withTerms({ '["h1","/bin/sh"]': runs });
}

/** Documents every host must reject, with a fragment of the expected message. */
export function hostileDocuments(): { name: string; document: unknown; message: string }[] {
  const protoRule = validDocument();
  Object.defineProperty(protoRule.rules, '__proto__', { value: { fields: ['a'], window: 1, terms: {} }, enumerable: true });
  const constructorScan = validDocument();
  constructorScan.scans['constructor'] = [0];
  const extraKey = validDocument();
  extraKey.comment = 'hello';
  const missingScans: Partial<MutableDocument> = validDocument();
  delete missingScans.scans;
  return [
    { name: 'null', document: null, message: 'expected an object, found null' },
    { name: 'an array', document: [], message: 'expected an object, found an array of 0' },
    { name: 'another format', document: { ...validDocument(), format: 'kibana' }, message: 'not a Loupe new-terms state document (format is "kibana"' },
    { name: 'a newer version', document: { ...validDocument(), version: 2 }, message: 'version 2 was written by a newer Loupe' },
    { name: 'a version string', document: { ...validDocument(), version: '1' }, message: 'unsupported version "1"' },
    { name: 'an unknown top-level key', document: extraKey, message: 'unexpected key "comment"' },
    { name: 'missing scans', document: missingScans, message: 'missing "scans"' },
    { name: 'a __proto__ rule id', document: protoRule, message: 'rule id "__proto__" is a reserved name' },
    { name: 'a constructor scan id', document: constructorScan, message: 'scan id "constructor" is a reserved name' },
    { name: 'rules as an array', document: { ...validDocument(), rules: [] }, message: 'at rules: expected an object, found an array' },
    { name: 'a rule with an extra key', document: withRule({ fields: ['a'], window: 1, terms: {}, admin: true }), message: 'unexpected key "admin"' },
    { name: 'no fields', document: withRule({ fields: [], window: 1, terms: {} }), message: 'expected 1 to 3 field names' },
    { name: 'four fields', document: withRule({ fields: ['a', 'b', 'c', 'd'], window: 1, terms: {} }), message: 'expected 1 to 3 field names' },
    { name: 'a repeated field', document: withRule({ fields: ['a', 'a'], window: 1, terms: {} }), message: 'field names repeat' },
    { name: 'a numeric field', document: withRule({ fields: [7], window: 1, terms: {} }), message: 'field name must be a non-empty string, found number 7' },
    { name: 'a string window', document: withRule({ fields: ['a'], window: '7d', terms: {} }), message: 'window must be a positive number' },
    { name: 'an infinite window', document: withRule({ fields: ['a'], window: Number.POSITIVE_INFINITY, terms: {} }), message: 'window must be a positive number' },
    { name: 'a negative window', document: withRule({ fields: ['a'], window: -1, terms: {} }), message: 'window must be a positive number' },
    { name: 'a __proto__ term key', document: withTerms({ ['__proto__']: [[1, 2]] }), message: 'term key must be the canonical JSON array of 2' },
    { name: 'a term key of the wrong arity', document: withTerms({ '["h1"]': [[1, 2]] }), message: 'term key must be the canonical JSON array of 2' },
    { name: 'a non-canonical term key', document: withTerms({ '[ "h1", "/bin/sh" ]': [[1, 2]] }), message: 'canonical JSON array' },
    { name: 'a huge term key', document: withTerms({ [JSON.stringify(['x'.repeat(200_000), 'y'])]: [[1, 2]] }), message: 'term key is 200008 characters long (at most 196596)' },
    { name: 'empty runs', document: withRuns([]), message: 'expected a non-empty array of [first, last] runs' },
    { name: 'runs as an object', document: withRuns({ 0: [1, 2] }), message: 'expected a non-empty array of [first, last] runs, found an object' },
    { name: 'a run of three numbers', document: withRuns([[1, 2, 3]]), message: 'a run must be [first, last]' },
    { name: 'a run with a string time', document: withRuns([['2024-01-01', 2]]), message: 'expected a time in epoch milliseconds' },
    { name: 'a run beyond the date range', document: withRuns([[1, 1e20]]), message: 'expected a time in epoch milliseconds within' },
    { name: 'a reversed run', document: withRuns([[5, 1]]), message: 'run starts (5) after it ends (1)' },
    { name: 'too many runs', document: withRuns(Array.from({ length: 100_001 }, (_, i) => [i * 10, i * 10])), message: '100001 runs (at most 100000)' },
    { name: 'scan parts that are not integers', document: { ...validDocument(), scans: { s: [0.5] } }, message: 'batch number must be an integer' },
    { name: 'empty scan parts', document: { ...validDocument(), scans: { s: [] } }, message: 'expected a non-empty array of batch numbers' },
  ];
}
