/**
 * With many rules the prefilter searches every literal with one automaton and, after some lines,
 * chooses each rule's anchors again from how often literals occurred. Anchors only decide which
 * rules evaluate their literal formula on a line, so the masks must stay exactly those of a
 * prefilter that never adapts, and those of looking for every literal with `includes`: checked
 * line by line with the whole public rule corpus over realistic Windows, Linux and macOS events,
 * adapting after 100 and 400 lines.
 */
import { describe, expect, it } from 'vitest';
import { ecsLines } from '../../../bench/data/ecs-events.ts';
import { createDetector } from '../../../src/engine/detect/index.ts';
import { isAscii, jsonEncoded } from '../../../src/engine/prefilter/json-text.ts';
import { hasFoldHazard, hasHidingEscape } from '../../../src/engine/prefilter/line-hazards.ts';
import { compilePrefilter } from '../../../src/engine/prefilter/prefilter.ts';
import type { Requirement } from '../../../src/engine/query/requirements.ts';
import { loadRuleTexts } from '../../../src/engine/rules/load.ts';
import { readShared, skipWithoutShared } from '../../support/shared-data.ts';

const CORPUS = 'corpus/detection-rules.ndjson';

const encodings = new Map<string, string>();
const encoded = (text: string) => encodings.get(text) ?? encodings.set(text, jsonEncoded(text)).get(text)!;

/** The obvious reading of a requirement on a raw line: every literal looked for with `includes`. */
function holds(requirement: Requirement, line: string, lowered: string): boolean {
  switch (requirement.kind) {
    case 'true':
      return true;
    case 'literal':
      if (!requirement.caseInsensitive) return line.includes(encoded(requirement.text));
      return !isAscii(requirement.text) || lowered.includes(encoded(requirement.text).toLowerCase());
    case 'and':
      return requirement.of.every((part) => holds(part, line, lowered));
    case 'or':
      return requirement.of.some((part) => holds(part, line, lowered));
  }
}

function referencePositions(requirements: readonly (Requirement | null)[], line: string): number[] {
  const hazard = hasHidingEscape(line) || hasFoldHazard(line);
  const lowered = line.toLowerCase();
  return requirements.flatMap((requirement, r) => (requirement !== null && (hazard || holds(requirement, line, lowered)) ? [r] : []));
}

describe('adaptive anchors', () => {
  it('leave every line\'s candidate rules exactly as a prefilter that never adapts gives them', (context) => {
    skipWithoutShared(context, CORPUS);
    const { entries } = loadRuleTexts([{ file: 'detection-rules.ndjson', text: readShared(CORPUS) }]);
    const requirements = createDetector(entries, { scanId: 'adaptive', now: 0 }).rules.map((rule) => rule.requires ?? null);
    const adaptive = compilePrefilter(requirements, { adaptAfterLines: 100 });
    const fixed = compilePrefilter(requirements, { adaptAfterLines: Number.POSITIVE_INFINITY });
    const distinct = new Set<string>();
    let lines = 0;
    for (const line of ecsLines(1000, { seed: 7, hitEvery: 50 })) {
      const got = adaptive.candidates(line);
      const expected = fixed.candidates(line);
      lines++;
      distinct.add(expected === undefined ? '' : expected.join(''));
      // Compared as rule positions so a failure names the rules.
      const positions = (mask: Uint8Array | undefined) => (mask === undefined ? [] : [...mask].flatMap((bit, r) => (bit === 1 ? [r] : [])));
      if (positions(got).join() !== positions(expected).join()) expect({ line: lines, rules: positions(got) }).toEqual({ line: lines, rules: positions(expected) });
      // And both are what looking for every literal with `includes` gives.
      const reference = referencePositions(requirements, line);
      if (positions(expected).join() !== reference.join()) expect({ line: lines, rules: positions(expected) }).toEqual({ line: lines, rules: reference });
    }
    expect(adaptive.adapted).toBe(true);
    expect(fixed.adapted).toBe(false);
    // Lines differ in which rules could match them: the literals decide, not a blanket answer.
    expect(distinct.size).toBeGreaterThan(20);
    // The whole public corpus compiled, then 1,000 lines checked against every rule three ways:
    // about 15 s on an idle core, past the default minute on a loaded 2-core machine.
  }, 300_000);
});
