/**
 * Parser for Elasticsearch EQL (8.x/9.x): `category where expr`, `sequence`, `sample`, `| head N`,
 * `| tail N`. Besides the grammar it applies the checks Elasticsearch makes while building the query
 * plan (join key counts, clause counts, runs range, maxspan with missing events, pipe arguments), so a
 * query that parses here is one Elasticsearch accepts.
 */
import type {
  EqlQuery,
  EventQuery,
  FieldRef,
  Pipe,
  Sample,
  SampleClause,
  Sequence,
  SequenceClause,
  TimeSpan,
} from './ast.ts';
import { parseExpression } from './expression-parser.ts';
import type { Token } from './lexer.ts';
import { isTimeUnit, timeSpan } from './time-span.ts';
import { describe, isKeyword, TokenStream } from './token-stream.ts';

const MAX_RUNS = 100;
const MAX_PIPE_COUNT = 2 ** 31 - 1;

/** Parses EQL query text; throws QuerySyntaxError (with line:column) for anything ES would reject. */
export function parseEql(text: string): EqlQuery {
  const ts = new TokenStream(text);
  const body = ts.atWord('sequence') ? parseSequence(ts) : ts.atWord('sample') ? parseSample(ts) : parseEventQuery(ts);
  const pipes: Pipe[] = [];
  while (ts.atPunct('|')) pipes.push(parsePipe(ts));
  if (ts.peek().kind !== 'eof') {
    const expected =
      body.type === 'event' ? "an operator such as 'and', a pipe '|' or the end of the query" : "'[', a pipe '|' or the end of the query";
    ts.failExpected(expected);
  }
  return { type: 'query', body, pipes, start: body.start };
}

function parseEventQuery(ts: TokenStream): EventQuery {
  const token = ts.peek();
  if (token.kind === 'eof') ts.fail('empty query; expected an event category such as process, or any, followed by where');
  if (ts.atWord('join')) ts.fail("'join' is not supported by Elasticsearch EQL; use a sequence");
  const category = parseCategory(ts, token);
  ts.next();
  ts.expectWord('where', ` after the event category ${describe(token)}`);
  return { type: 'event', category, condition: parseExpression(ts), start: token.start };
}

function parseCategory(ts: TokenStream, token: Token): string | null {
  if (token.kind === 'string') return token.value;
  if (token.kind === 'ident' && token.text === 'any') return null;
  if (token.kind === 'ident' && !isKeyword(token) && !token.text.endsWith('~')) return token.text;
  if (token.kind === 'quoted') {
    return ts.fail(`categories are written in double quotes, not back-quotes: "${token.value}"`);
  }
  return ts.failExpected('an event category (e.g. process, "my-category" or any)');
}

/** `by k1, k2`; ES accepts only field references as join keys. */
function parseKeys(ts: TokenStream): FieldRef[] {
  const keys: FieldRef[] = [];
  do {
    const start = ts.peek().start;
    const key = parseExpression(ts);
    if (key.type !== 'field') ts.fail('join keys must be field names, not expressions', start);
    keys.push(key);
  } while (ts.acceptPunct(','));
  return keys;
}

function parseMaxspan(ts: TokenStream): TimeSpan {
  ts.expectWord('with');
  ts.expectWord('maxspan', " after 'with'");
  ts.expectPunct('=', " after 'maxspan'");
  const number = ts.peek();
  if (number.kind === 'decimal') ts.fail('maxspan must be a whole number with a unit, e.g. maxspan=1500ms');
  if (number.kind !== 'integer') ts.failExpected("a time span such as 5m after 'maxspan='");
  ts.next();
  const value = Number(number.text);
  if (value <= 0) ts.fail(`maxspan must be positive, found ${number.text}`, number.start);
  const unit = ts.peek();
  if (unit.kind !== 'ident' || isKeyword(unit)) {
    ts.fail(`missing time unit after maxspan=${number.text}; add one of ms, s, m, h, d (e.g. maxspan=${number.text}s)`);
  }
  if (!isTimeUnit(unit.text)) ts.fail(`unknown time unit '${unit.text}'; use one of ms, s, m, h, d (or micros, nanos)`);
  ts.next();
  return timeSpan(value, unit.text);
}

/** A clause and the offset to blame when its join keys do not line up with the first clause's. */
interface ParsedClause<T> {
  readonly clause: T;
  readonly keysAt: number;
}

function parseSequence(ts: TokenStream): Sequence {
  const sequenceToken = ts.next();
  let by: FieldRef[] = [];
  let maxspan: TimeSpan | null = null;
  if (ts.acceptWord('by')) {
    by = parseKeys(ts);
    if (ts.atWord('with')) maxspan = parseMaxspan(ts);
  } else if (ts.atWord('with')) {
    maxspan = parseMaxspan(ts);
    if (ts.atWord('by')) ts.fail("put 'by' before 'with maxspan': Elasticsearch rejects 'sequence with maxspan=... by ...'");
  }
  const clauses: ParsedClause<SequenceClause>[] = [];
  while (ts.atPunct('[') || ts.atPunct('![')) clauses.push(parseSequenceClause(ts, false));
  if (clauses.length === 0) ts.failExpected("'[' to start the first clause of the sequence");
  let until: ParsedClause<SequenceClause> | null = null;
  if (ts.acceptWord('until')) {
    if (ts.atPunct('![')) ts.fail('the until clause cannot be a missing-event clause ![...]');
    if (!ts.atPunct('[')) ts.failExpected("'[' to start the until clause");
    until = parseSequenceClause(ts, true);
  }

  checkKeyCounts(ts, until === null ? clauses : [...clauses, until]);
  const events = clauses.reduce((sum, { clause }) => sum + clause.runs, 0);
  if (events < 2) {
    const where = until === null ? '' : " before 'until'";
    ts.fail(`a sequence needs at least two clauses${where} (found ${events}); use a plain event query for one event`, sequenceToken.start);
  }
  const firstMissing = clauses.find(({ clause }) => clause.missing);
  if (firstMissing !== undefined && clauses.every(({ clause }) => clause.missing)) {
    ts.fail('a sequence needs at least one clause that is not a missing-event clause ![...]', sequenceToken.start);
  }
  if (firstMissing !== undefined && maxspan === null) {
    ts.fail('with maxspan is required when a sequence has a missing-event clause ![...]', firstMissing.clause.start);
  }
  return {
    type: 'sequence',
    by,
    maxspan,
    clauses: clauses.map(({ clause }) => clause),
    until: until?.clause ?? null,
    start: sequenceToken.start,
  };
}

function parseSequenceClause(ts: TokenStream, isUntil: boolean): ParsedClause<SequenceClause> {
  const { query, open, by, keysAt } = parseBracketedQuery(ts, 'sequence');
  let runs = 1;
  if (ts.atWord('with') && ts.atWord('runs', 1)) {
    if (isUntil) ts.fail("'with runs' is not allowed on the until clause");
    ts.next();
    ts.next();
    ts.expectPunct('=', " after 'runs'");
    const number = ts.peek();
    if (number.kind !== 'integer') ts.failExpected("a whole number after 'runs='");
    runs = Number(number.text);
    if (runs < 1 || runs > MAX_RUNS) ts.fail(`runs must be between 1 and ${MAX_RUNS}, found ${number.text}`);
    ts.next();
  } else if (ts.atWord('with')) {
    ts.fail("only 'with runs=N' may follow a clause; 'with maxspan' goes right after 'sequence' or its 'by' keys");
  }
  const clause: SequenceClause = { query, by, runs, missing: open.text === '![', start: open.start };
  return { clause, keysAt };
}

function parseSample(ts: TokenStream): Sample {
  const sampleToken = ts.next();
  const by = ts.acceptWord('by') ? parseKeys(ts) : [];
  const clauses: ParsedClause<SampleClause>[] = [];
  for (;;) {
    if (ts.atWord('with')) ts.fail("sample queries support neither 'with maxspan' nor 'with runs'");
    if (ts.atWord('until')) ts.fail("sample queries do not support 'until'");
    if (ts.atPunct('![')) ts.fail('missing-event clauses ![...] are only supported in sequences');
    if (!ts.atPunct('[')) break;
    const { query, open, by: clauseBy, keysAt } = parseBracketedQuery(ts, 'sample');
    clauses.push({ clause: { query, by: clauseBy, start: open.start }, keysAt });
  }
  if (clauses.length === 0) ts.failExpected("'[' to start the first clause of the sample");
  if (clauses.length < 2) ts.fail(`a sample needs at least two clauses (found ${clauses.length})`, sampleToken.start);
  checkKeyCounts(ts, clauses);
  return { type: 'sample', by, clauses: clauses.map(({ clause }) => clause), start: sampleToken.start };
}

/** `[ eventQuery ]` or `![ eventQuery ]`, then optional `by` keys. */
function parseBracketedQuery(
  ts: TokenStream,
  kind: 'sequence' | 'sample',
): { query: EventQuery; open: Token; by: FieldRef[]; keysAt: number } {
  const open = ts.next();
  const query = parseEventQuery(ts);
  if (!ts.atPunct(']')) {
    ts.failExpected(`']' to close the ${kind} clause opened at ${ts.where(open.start)}`);
  }
  const close = ts.next();
  const byToken = ts.acceptWord('by');
  const by = byToken === undefined ? [] : parseKeys(ts);
  return { query, open, by, keysAt: byToken?.start ?? close.start };
}

/** Every clause (and until) must have as many `by` keys as the first one. */
function checkKeyCounts(ts: TokenStream, clauses: readonly ParsedClause<{ by: readonly FieldRef[] }>[]): void {
  const expected = clauses[0]?.clause.by.length ?? 0;
  for (const { clause, keysAt } of clauses) {
    if (clause.by.length !== expected) {
      ts.fail(
        `inconsistent number of join keys: the first clause has ${expected} but this one has ${clause.by.length}`,
        keysAt,
      );
    }
  }
}

function parsePipe(ts: TokenStream): Pipe {
  const bar = ts.next();
  const name = ts.peek();
  if (name.kind !== 'ident') ts.failExpected("a pipe name ('head' or 'tail') after '|'");
  if (name.text !== 'head' && name.text !== 'tail') {
    ts.fail(`unsupported pipe '${name.text}': Elasticsearch EQL only supports head and tail`);
  }
  ts.next();
  const count = ts.peek();
  if (count.kind !== 'integer') ts.failExpected(`a non-negative whole number after '${name.text}'`);
  const value = Number(count.text);
  if (value > MAX_PIPE_COUNT) ts.fail(`'${name.text}' count ${count.text} is too large (at most ${MAX_PIPE_COUNT})`);
  ts.next();
  return { type: name.text, count: value, start: bar.start };
}
