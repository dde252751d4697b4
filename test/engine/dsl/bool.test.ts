/** `bool` occurrence rules and `minimum_should_match`, including the defaults that trip rule authors. */
import { describe, expect, it } from 'vitest';
import { minimumShouldMatch } from '../../../src/engine/dsl/minimum-should-match.ts';
import { dslMatches, table, type Row } from './helpers.ts';

const is = (name: string) => ({ term: { 'process.name': name } });
const user = (name: string) => ({ term: { 'user.name': name } });
const event = (process: string, userName?: string) => ({ process: { name: process }, ...(userName === undefined ? {} : { user: { name: userName } }) });

const rows: Row[] = [
  // should is required only when there is no must/filter.
  [{ bool: { should: [is('a'), is('b')] } }, event('b'), true],
  [{ bool: { should: [is('a'), is('b')] } }, event('c'), false],
  [{ bool: { filter: [user('bob')], should: [is('a')] } }, event('c', 'bob'), true],
  [{ bool: { must: user('bob'), should: is('a') } }, event('c', 'bob'), true],
  [{ bool: { must: user('bob'), should: is('a'), minimum_should_match: 1 } }, event('c', 'bob'), false],
  [{ bool: { must: user('bob'), should: is('a'), minimum_should_match: 1 } }, event('a', 'bob'), true],
  // must_not does not make should optional.
  [{ bool: { must_not: user('bob'), should: [is('a')] } }, event('c', 'eve'), false],
  // A pure disjunction still needs one should clause with minimum_should_match 0.
  [{ bool: { should: [is('a')], minimum_should_match: 0 } }, event('c'), false],
  [{ bool: { should: [is('a'), is('b'), user('bob')], minimum_should_match: 2 } }, event('a', 'bob'), true],
  [{ bool: { should: [is('a'), is('b'), user('bob')], minimum_should_match: 2 } }, event('a', 'eve'), false],
  [{ bool: { should: [is('a'), is('b')], minimum_should_match: '100%' } }, event('a'), false],
  [{ bool: { should: [is('a'), is('b')], minimum_should_match: 3 } }, event('a'), false],
  [{ bool: { should: [], minimum_should_match: 1, must_not: is('x') } }, event('a'), false],
  // must_not only: everything the clause does not match, including events without the field.
  [{ bool: { must_not: is('a') } }, event('b'), true],
  [{ bool: { must_not: is('a') } }, {}, true],
  [{ bool: { must_not: is('a') } }, { process: { name: ['b', 'a'] } }, false],
  [{ bool: { must_not: is('a'), adjust_pure_negative: false } }, event('b'), false],
  [{ bool: {} }, {}, true],
  [{ bool: { filter: [] } }, {}, true],
  [{ bool: { must: [is('a'), user('bob')] } }, event('a', 'bob'), true],
  [{ bool: { must: [is('a'), user('bob')] } }, event('a', 'eve'), false],
  [{ bool: { filter: is('a'), must_not: [user('bob')] } }, event('a', 'bob'), false],
  [{ bool: { filter: is('a'), must_not: [user('bob')] } }, event('a'), true],
];

describe('bool', () => {
  it.each(table(rows))('%s on %s → %s', (_q, _e, expected, query, doc) => {
    expect(dslMatches(query, doc)).toBe(expected);
  });
});

describe('minimum_should_match specification', () => {
  it.each([
    [3, '2', 2],
    [3, '5', 5],
    [3, '-1', 2],
    [3, '-5', 0],
    [4, '75%', 3],
    [3, '67%', 2],
    [3, '66%', 1],
    [4, '-25%', 3],
    [3, '-33%', 3],
    [10, '30%', 3],
    [2, '3<90%', 2],
    [5, '3<90%', 4],
    [5, '2<-25% 9<-3', 4],
    [12, '2<-25% 9<-3', 9],
    [5, ' 3 < 90% ', 4],
  ])('%d optional clauses, %s → %d', (clauses, spec, expected) => {
    expect(minimumShouldMatch(clauses, spec)).toBe(expected);
  });

  it.each([
    [3, 'abc'],
    [3, '1.5'],
    [3, '50%%'],
    [5, '3<'],
    [3, '<2'],
  ])('%d optional clauses: rejects %s', (clauses, spec) => {
    expect(() => minimumShouldMatch(clauses, spec)).toThrow(/invalid minimum_should_match/);
  });

  // Like Elasticsearch, a condition is only read as far as the clause count needs.
  it('accepts an incomplete condition that is never reached', () => {
    expect(minimumShouldMatch(3, '3<')).toBe(3);
  });
});
