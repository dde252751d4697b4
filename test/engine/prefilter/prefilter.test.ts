import { describe, expect, it } from 'vitest';
import { longestSharedSubstring } from '../../../src/engine/prefilter/anchors.ts';
import { compilePrefilter } from '../../../src/engine/prefilter/prefilter.ts';
import { allOf, anyOf, literal, NO_REQUIREMENT, type Requirement } from '../../../src/engine/query/requirements.ts';

const cs = (text: string) => literal(text, false);
const ci = (text: string) => literal(text, true);

/** The candidate rules of a line, as positions ('all' when every rule is). */
function candidatesOf(requirements: readonly (Requirement | null)[], line: string): number[] | 'none' {
  const mask = compilePrefilter(requirements).candidates(line);
  if (mask === undefined) return 'none';
  return [...mask].flatMap((bit, r) => (bit === 1 ? [r] : []));
}

describe('prefilter: escapes and case folding', () => {
  // Rule 0 looks for a path, rule 1 (case-insensitive) for a program, rule 2 for a quoted argument.
  const rules = [cs('/var/db/SystemKey'), ci('powershell.exe'), cs('-c "x"')];
  it.each([
    ['no literal at all', '{"a":"b"}', 'none'],
    ['the literal as JSON.stringify writes it', '{"p":"/var/db/SystemKey"}', [0]],
    ['case differs for a case-sensitive literal', '{"p":"/var/db/systemkey"}', 'none'],
    ['case differs for a case-insensitive literal', '{"p":"C:\\\\WINDOWS\\\\PowerShell.EXE"}', [1]],
    ['a quote inside the value (canonical \\")', '{"args":"sh -c \\"x\\""}', [2]],
    ['escaped backslashes only (canonical \\\\), no literal', '{"p":"C:\\\\users\\\\x"}', 'none'],
    ['\\/ can hide a slash: every rule', '{"p":"\\/var\\/db\\/SystemKey"}', [0, 1, 2]],
    ['\\u0053 can hide any character: every rule', '{"p":"/var/db/\\u0053ystemKey"}', [0, 1, 2]],
    ['\\u escape of an unrelated character still takes the safe path', '{"p":"caf\\u00e9"}', [0, 1, 2]],
    ['an invalid escape goes to the parser', '{"p":"\\x41"}', [0, 1, 2]],
    ['\\\\u is an escaped backslash, then u: no hazard', '{"p":"C:\\\\users"}', 'none'],
    ['Kelvin sign folds to k: every rule (case-insensitive literals exist)', '{"p":"\u212a"}', [0, 1, 2]],
    ['dotted I folds to i: every rule', '{"p":"\u0130"}', [0, 1, 2]],
  ] as const)('%s', (_name, line, expected) => {
    expect(candidatesOf(rules, line)).toEqual(expected);
  });

  it('without case-insensitive literals, fold hazards do not matter', () => {
    expect(candidatesOf([cs('abc')], '{"p":"\u212a"}')).toBe('none');
  });

  it.each([
    ['a literal with a backslash is searched JSON-encoded', cs('C:\\Windows'), '{"p":"C:\\\\Windows\\\\x"}', [0]],
    ['a literal with a quote', cs('a"b'), '{"p":"a\\"b"}', [0]],
    ['a literal with a newline', cs('a\nb'), '{"p":"a\\nb"}', [0]],
    ['a literal with a control character (\\u0001) is only found on the safe path', cs('a\u0001'), '{"p":"a\\u0001"}', [0]],
  ] as const)('%s', (_name, requirement, line, expected) => {
    expect(candidatesOf([requirement], line)).toEqual(expected);
  });
});

describe('prefilter: rule sets', () => {
  it('a rule without usable literals is a candidate on every line; a rule that never runs on none', () => {
    const requirements = [NO_REQUIREMENT, null, cs('needle')];
    expect(candidatesOf(requirements, '{"a":1}')).toEqual([0]);
    expect(candidatesOf(requirements, '{"a":"needle"}')).toEqual([0, 2]);
    expect(compilePrefilter(requirements).unconstrainedRules).toBe(1);
  });

  it('a case-insensitive literal with non-ASCII text constrains nothing', () => {
    expect(candidatesOf([ci('été')], '{"a":1}')).toEqual([0]);
    expect(candidatesOf([allOf([ci('été'), cs('x')])], '{"a":1}')).toBe('none');
  });

  it.each([
    ['and: every literal must be there', allOf([cs('kcc'), cs('copy_cred_cache')]), '{"n":"kcc","a":"copy_cred_cache"}', '{"n":"klist","a":"copy_cred_cache"}'],
    ['or of literals sharing a substring', anyOf([ci('/Library/Keychains/'), ci('login.keychain-db'), ci('System.keychain')]), '{"p":"/tmp/LOGIN.keychain-db"}', '{"p":"/tmp/keychain"}'],
    ['or with a common word', anyOf([allOf([cs('process'), cs('dump-keychain')]), cs('SystemKey')]), '{"p":"SystemKey"}', '{"c":"process","a":"dump"}'],
    ['prefix anchors at the same position', anyOf([cs('python'), cs('python3.1')]), '{"p":"python3.10"}', '{"p":"pytho"}'],
  ] as const)('%s', (_name, requirement, hit, miss) => {
    expect(candidatesOf([requirement], hit)).toEqual([0]);
    expect(candidatesOf([requirement], miss)).toBe('none');
  });

  it('tells rules apart on one line', () => {
    const requirements = [cs('alpha'), cs('beta'), allOf([cs('alpha'), cs('gamma')])];
    expect(candidatesOf(requirements, '{"a":"alpha","b":"gamma"}')).toEqual([0, 2]);
    expect(candidatesOf(requirements, '{"a":"beta"}')).toEqual([1]);
  });

  it.each([
    [['/Library/Keychains/', 'login.keychain-db', 'system.keychain'], 'keychain'],
    [['abc', 'xyz'], ''],
    [['same'], 'same'],
  ])('longest shared substring of %j is %j', (texts, expected) => {
    expect(longestSharedSubstring(texts.map((text) => text.toLowerCase()))).toBe(expected);
  });
});
