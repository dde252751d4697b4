import { describe, expect, it } from 'vitest';
import { QuerySyntaxError } from '../../../src/engine/errors.ts';
import { parseEql } from '../../../src/engine/eql/parser.ts';

function errorOf(text: string): QuerySyntaxError {
  try {
    parseEql(text);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

const COMPARE_HINT = "comparisons cannot be chained (a < b < c); combine them with 'and': a < b and b < c";
const UNICODE_HINT = 'invalid unicode escape; write \\u{XX} with 2 to 8 hex digits, e.g. \\u{7F} or \\u{1F600}';

describe('parseEql errors', () => {
  it.each<[string, string, string]>([
    // brackets and structure
    ['sequence\n  [process where true] by a\n  [file where true by b', "expected ']' to close the sequence clause opened at 3:3, found 'by'", '3:20'],
    ['sample [a where true] [b where true', "expected ']' to close the sample clause opened at 1:23, found end of query", '1:36'],
    ['process where (a == 1', "expected ')' to close the '(' opened at 1:15, found end of query", '1:22'],
    ['process where a in (1, 2', "expected ')' to close the list opened at 1:20, found end of query", '1:25'],
    ['process where length(a', "expected ')' to close the arguments of 'length' opened at 1:21, found end of query", '1:23'],
    ['process where a == 1 b', "expected an operator such as 'and', a pipe '|' or the end of the query, found 'b'", '1:22'],
    ['sequence [a where true] [b where true] c', "expected '[', a pipe '|' or the end of the query, found 'c'", '1:40'],
    ['', 'empty query; expected an event category such as process, or any, followed by where', '1:1'],
    ['  // only a comment', 'empty query; expected an event category such as process, or any, followed by where', '1:20'],
    ['where true', "expected an event category (e.g. process, \"my-category\" or any), found 'where'", '1:1'],
    ['process.name == "x"', "expected 'where' after the event category 'process', found '.'", '1:8'],
    ['process where', 'expected a value (a field, literal or function call), found end of query', '1:14'],
    ['process where a ==', 'expected a value (a field, literal or function call), found end of query', '1:19'],
    ['`cat` where true', 'categories are written in double quotes, not back-quotes: "cat"', '1:1'],
    ['process where a == not b', "expected a value (a field, literal or function call), found 'not' ('not' is a keyword: write `not` for a field of that name)", '1:20'],
    ['process where a.sequence == 1', "'sequence' is a keyword; write it in back-quotes (`sequence`) inside a field name", '1:17'],
    ['process where a. == 1', "expected a field name after '.', found '=='", '1:18'],
    ['process where ? == 1', "expected a field name after '?', found '=='", '1:17'],
    ['process where startsWith~ == 1', "expected '(' after the function name 'startsWith~', found '=='", '1:27'],
    // operators
    ['process where a = 1', "'=' is not an operator; use '==' (or ':' for case-insensitive wildcard)", '1:17'],
    ['process where a == 1 = 2', "'=' is not an operator; use '==' (or ':' for case-insensitive wildcard)", '1:22'],
    ['process where a < b < c', COMPARE_HINT, '1:21'],
    ['process where a == b != c', COMPARE_HINT, '1:22'],
    ['process where a : b', "expected a literal pattern (e.g. \"*.exe\") or a parenthesised list of them after ':', found 'b'", '1:19'],
    ['process where a like (b)', "expected a literal pattern (e.g. \"*.exe\") or a parenthesised list of them after 'like', found 'b'", '1:23'],
    ['process where a : -1', "expected a literal pattern (e.g. \"*.exe\") or a parenthesised list of them after ':', found '-'", '1:19'],
    ['process where a in ()', "empty list after 'in'; give at least one value", '1:21'],
    ['process where a in 1', "expected '(' to start the list after 'in', found '1'", '1:20'],
    ['process where a && b', "'&&' is not an operator; use 'and'", '1:17'],
    ['process where !a', "'!' is not an operator; use 'not' (or '!=' for inequality)", '1:15'],
    // literals
    ["process where a == 'x'", 'single-quoted strings are not supported by Elasticsearch EQL; use double quotes', '1:20'],
    ['process where a == ?"x"', '?"..." raw strings are not supported by Elasticsearch EQL; use """...""" instead', '1:20'],
    ['process where a == "x\\y"', 'invalid escape \'\\y\' in string; valid escapes are \\n \\r \\t \\" \\\\ and \\u{XX}, or use a """raw""" string where backslashes are literal', '1:22'],
    ['process where a == "\\u{1}"', UNICODE_HINT, '1:21'],
    ['process where 1e999 == 1', 'number 1e999 is too large', '1:15'],
    // functions
    ['process where startWith(a, "x")', "unknown function 'startWith' (did you mean 'startsWith'?)", '1:15'],
    ['process where cidrmatc(a, "x")', "unknown function 'cidrmatc' (did you mean 'cidrMatch'?)", '1:15'],
    ['process where frobnicate(a)', "unknown function 'frobnicate'", '1:15'],
    ['process where wildcard(a, "x*")', "function 'wildcard' is not supported by Elasticsearch EQL; use ':' or 'like' for wildcard matching", '1:15'],
    ['process where cidrMatch~(a, "b")', "'cidrMatch' has no case-insensitive variant; remove the '~'", '1:15'],
    ['process where length~(a)', "'length' has no case-insensitive variant; remove the '~'", '1:15'],
    ['process where between(a, "b")', "'between' takes 3 to 4 arguments, found 2", '1:15'],
    ['process where between(a, "b", "c", true, 1)', "'between' takes 3 to 4 arguments; this argument is one too many", '1:42'],
    ['process where cidrMatch(a)', "'cidrMatch' takes at least 2 arguments, found 1", '1:15'],
    ['process where concat()', "'concat' takes at least 1 argument, found 0", '1:15'],
    ['process where indexOf(a)', "'indexOf' takes 2 to 3 arguments, found 1", '1:15'],
    ['process where substring(a, 1, 2, 3)', "'substring' takes 2 to 3 arguments; this argument is one too many", '1:34'],
    ['process where length(a, b)', "'length' takes 1 argument; this argument is one too many", '1:25'],
    ['process where add(1)', "'add' takes 2 arguments, found 1", '1:15'],
    // unsupported endgame syntax
    ['process where a[0] == 1', 'array indexes (field[0]) are not supported by Elasticsearch EQL', '1:16'],
    ['process where descendant of [process where true]', "process lineage ('descendant of [...]') is not supported by Elasticsearch EQL", '1:15'],
    ['join [a where true] [b where true]', "'join' is not supported by Elasticsearch EQL; use a sequence", '1:1'],
    ['process where true | unique a', "unsupported pipe 'unique': Elasticsearch EQL only supports head and tail", '1:22'],
    ['process where true | count', "unsupported pipe 'count': Elasticsearch EQL only supports head and tail", '1:22'],
    // pipes
    ['process where true | head', "expected a non-negative whole number after 'head', found end of query", '1:26'],
    ['process where true | head -1', "expected a non-negative whole number after 'head', found '-'", '1:27'],
    ['process where true | tail 1.5', "expected a non-negative whole number after 'tail', found '1.5'", '1:27'],
    ['process where true | tail 3000000000', "'tail' count 3000000000 is too large (at most 2147483647)", '1:27'],
    ['process where true | 5', "expected a pipe name ('head' or 'tail') after '|', found '5'", '1:22'],
    // sequences
    ['sequence [a where true] ![b where true]', 'with maxspan is required when a sequence has a missing-event clause ![...]', '1:25'],
    ['sequence with maxspan=1m ![a where true] ![b where true]', 'a sequence needs at least one clause that is not a missing-event clause ![...]', '1:1'],
    ['sequence [a where true]', 'a sequence needs at least two clauses (found 1); use a plain event query for one event', '1:1'],
    ["sequence [a where true] until [b where true]", "a sequence needs at least two clauses before 'until' (found 1); use a plain event query for one event", '1:1'],
    ['sequence', "expected '[' to start the first clause of the sequence, found end of query", '1:9'],
    ['sequence with maxspan=1m by a [a where true] [b where true]', "put 'by' before 'with maxspan': Elasticsearch rejects 'sequence with maxspan=... by ...'", '1:26'],
    ['sequence [a where true] by a [b where true]', 'inconsistent number of join keys: the first clause has 1 but this one has 0', '1:43'],
    ['sequence by x [a where true] by a [b where true] by b, c', 'inconsistent number of join keys: the first clause has 1 but this one has 2', '1:50'],
    ['sequence [a where true] by a [b where true] by b until [c where true]', 'inconsistent number of join keys: the first clause has 1 but this one has 0', '1:69'],
    ['sequence by a + 1 [a where true] [b where true]', 'join keys must be field names, not expressions', '1:13'],
    ['sequence [a where true] by "k" [b where true] by "k"', 'join keys must be field names, not expressions', '1:28'],
    ['sequence [a where true] with runs=101 [b where true]', 'runs must be between 1 and 100, found 101', '1:35'],
    ['sequence [a where true] with runs=0 [b where true]', 'runs must be between 1 and 100, found 0', '1:35'],
    ['sequence [a where true] with runs=2.5 [b where true]', "expected a whole number after 'runs=', found '2.5'", '1:35'],
    ['sequence [a where true] [b where true] until [c where true] with runs=2', "'with runs' is not allowed on the until clause", '1:61'],
    ['sequence [a where true] [b where true] until ![c where true]', 'the until clause cannot be a missing-event clause ![...]', '1:46'],
    ['sequence [a where true] with maxspan=1m [b where true]', "only 'with runs=N' may follow a clause; 'with maxspan' goes right after 'sequence' or its 'by' keys", '1:25'],
    ['sequence with maxspan=1.5m [a where true] [b where true]', 'maxspan must be a whole number with a unit, e.g. maxspan=1500ms', '1:23'],
    ['sequence with maxspan=5 [a where true] [b where true]', 'missing time unit after maxspan=5; add one of ms, s, m, h, d (e.g. maxspan=5s)', '1:25'],
    ['sequence with maxspan=5y [a where true] [b where true]', "unknown time unit 'y'; use one of ms, s, m, h, d (or micros, nanos)", '1:24'],
    ['sequence with maxspan=0s [a where true] [b where true]', 'maxspan must be positive, found 0', '1:23'],
    ['sequence with maxspan 5s [a where true] [b where true]', "expected '=' after 'maxspan', found '5'", '1:23'],
    ['sequence with span=5s [a where true] [b where true]', "expected 'maxspan' after 'with', found 'span'", '1:15'],
    // samples
    ['sample [a where true]', 'a sample needs at least two clauses (found 1)', '1:1'],
    ['sample by a', "expected '[' to start the first clause of the sample, found end of query", '1:12'],
    ['sample by a with maxspan=1m [a where true] [b where true]', "sample queries support neither 'with maxspan' nor 'with runs'", '1:13'],
    ['sample [a where true] [b where true] with runs=2', "sample queries support neither 'with maxspan' nor 'with runs'", '1:38'],
    ['sample [a where true] ![b where true]', 'missing-event clauses ![...] are only supported in sequences', '1:23'],
    ['sample [a where true] [b where true] until [c where true]', "sample queries do not support 'until'", '1:38'],
    ['sample [a where true] by x [b where true]', 'inconsistent number of join keys: the first clause has 1 but this one has 0', '1:41'],
  ])('rejects %j', (text, reason, position) => {
    const error = errorOf(text);
    expect(error.reason).toBe(reason);
    expect(`${error.line}:${error.column}`).toBe(position);
    expect(error.message).toBe(`${reason} at ${position}`);
  });
});
