/**
 * EQL value lists as sets: `f in (...)`/`in~` looks each leaf up once (TypedField.equalsAny), and
 * wildcard-free `:`/`like` patterns become one set. Compared with testing the values one by one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSchema } from '../../../src/engine/fields/schema.ts';
import { compileGlob, parseEqlWildcard } from '../../../src/engine/match/glob.ts';
import { typedField, type Constant } from '../../../src/engine/eql/typed-field.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { compile } from './eval-helpers.ts';

const SCHEMA = createSchema({ int: 'long', real: 'double', kw: 'keyword', ip: 'ip', ts: 'date', flag: 'boolean', txt: 'text' });
// `dynamic` is unknown to the schema: compared by the leaf's own JSON type.
const FIELDS = ['int', 'real', 'kw', 'ip', 'ts', 'flag', 'txt', 'dynamic'] as const;

const TEXTS = ['a', 'A', 'é', 'É', 'straße', '1', '01', '1.5', '-0', 'true', 'false', '', '10.0.0.1', '::ffff:10.0.0.1', '10.0.0.0/8', '10.0.0.0/33', '2024-01-01', '1704067200000'];
const arbConstant: fc.Arbitrary<Constant> = fc.oneof(fc.constantFrom(...TEXTS), fc.constantFrom(0, -0, 1, 1.5, 2, 1704067200000, true, false));

describe('EQL in: one set lookup decides as the values one by one', () => {
  it('equalsAny agrees with equals over every family, case-sensitive or not', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIELDS),
        fc.array(arbConstant, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.array(arbConstant, { minLength: 1, maxLength: 8 }),
        (name, constants, caseInsensitive, leaves) => {
          const field = typedField(name, SCHEMA);
          const equalsAny = field.equalsAny(constants, caseInsensitive);
          for (const leaf of leaves) {
            expect(equalsAny(leaf), JSON.stringify(leaf)).toBe(constants.some((constant) => field.equals(leaf, constant, caseInsensitive)));
          }
        },
      ),
      { numRuns: 1000, seed: 2001 },
    );
  });

  const WORDS = ['cmd.exe', 'CMD.EXE', 'cmd', 'Cmd.exe', 'é.exe', 'É.EXE', 'a', ''];
  const arbPattern = fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom('cmd*', '*.exe', '?md.exe', '*', 'É*', 'c*d.e?e'));

  it.each([':', 'like', 'like~'])('%s with a list of patterns, literal and wildcard, agrees with the patterns one by one', (op) => {
    fc.assert(
      fc.property(fc.array(arbPattern, { minLength: 2, maxLength: 10 }), fc.array(fc.constantFrom(...WORDS, 'xcmd.exe'), { minLength: 1, maxLength: 6 }), (patterns, names) => {
        const quoted = (pattern: string) => JSON.stringify(pattern);
        const whole = compile(`process where process.name ${op} (${patterns.map(quoted).join(', ')})`);
        // The reference: each pattern as its own wildcard matcher (`:` is always case-insensitive).
        const each = patterns.map((pattern) => compileGlob(parseEqlWildcard(pattern), { caseInsensitive: op !== 'like' }));
        for (const name of names) {
          const event: EventDoc = { event: { category: 'process' }, process: { name } };
          const expected = each.some((matches) => matches(name));
          expect(whole.kind === 'event' && whole.filter.matches(event), name).toBe(expected);
        }
      }),
      { numRuns: 200, seed: 2002 },
    );
  });
});

describe('a 50,000-value EQL list', () => {
  const values = Array.from({ length: 50_000 }, (_, i) => `tool${i.toString(36)}x.exe`);
  const list = values.map((value) => JSON.stringify(value)).join(', ');
  const event = (name: string): EventDoc => ({ event: { category: 'process' }, process: { name } });

  it.each([
    ['in', values[31_337]!, true],
    ['in', values[31_337]!.toUpperCase(), false],
    ['in~', values[31_337]!.toUpperCase(), true],
    ['not in', values[31_337]!, false],
    ['not in', 'other.exe', true],
    [':', values[49_999]!.toUpperCase(), true],
    ['like', values[49_999]!.toUpperCase(), false],
  ])('process.name %s (...50,000 names) on %j: %s', (op, name, expected) => {
    const query = compile(`process where process.name ${op} (${list})`);
    expect(query.kind === 'event' && query.filter.matches(event(name))).toBe(expected);
  });
});
