import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRuleTexts } from '../../src/engine/rules/load.ts';
import type { Rule } from '../../src/engine/rules/model.ts';
import { runLoupe } from './run-cli.ts';
import { parseSeedDocument } from './seed-document.ts';
import { needShared, readShared, sharedPath } from '../support/shared-data.ts';

const RULES = fileURLToPath(new URL('../../rules', import.meta.url));

function shippedRules(): Rule[] {
  const files = readdirSync(RULES, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.toml'));
  const { entries } = loadRuleTexts(files.map((file) => ({ file, text: readFileSync(`${RULES}/${file}`, 'utf8') })));
  return entries.map((entry) => entry.rule);
}

describe('the shipped rule pack', () => {
  it('passes loupe check', async () => {
    const { code, out } = await runLoupe('check', RULES);
    const count = shippedRules().length;
    expect(out.at(-1)).toBe(`${count} rules: ${count} ok, 0 errors, 0 unsupported`);
    expect(code).toBe(0);
  });

  it('runs the new terms seed on host.id and file.path with a 7-day history', () => {
    const rule = shippedRules().find((candidate) => candidate.type === 'new_terms')!;
    expect([rule.new_terms_fields, rule.history_window_start]).toEqual([['host.id', 'file.path'], 'now-7d']);
  });
});

describe('the shipped rule pack against its seed documents', () => {
  if (!needShared('seeds')) return;
  const seeds = readdirSync(sharedPath('seeds'))
    .filter((file) => file.endsWith('.txt'))
    .map((file) => parseSeedDocument(readShared(`seeds/${file}`)));

  it('holds one rule per seed document', () => {
    expect(shippedRules().map((rule) => rule.name).sort()).toEqual(seeds.map((seed) => seed.name).sort());
  });

  it.each(seeds.map((seed) => [seed.name, seed] as const))('%s matches its seed document', (name, seed) => {
    const rule = shippedRules().find((candidate) => candidate.name === name)!;
    const threat = rule.threat ?? [];
    expect({
      name: rule.name,
      description: rule.description,
      type: rule.type,
      index: rule.index,
      severity: rule.severity,
      risk_score: rule.risk_score,
      interval: rule.interval,
      from: rule.from,
      max_signals: rule.max_signals,
      references: rule.references ?? [],
      tags: rule.tags,
      version: rule.version,
      author: rule.author,
      license: rule.license,
      query: rule.query?.trim(),
      tactics: threat.map((entry) => entry.tactic.id),
      techniques: threat.flatMap((entry) => (entry.technique ?? []).map((technique) => technique.id)),
      subtechniques: threat.flatMap((entry) => (entry.technique ?? []).flatMap((technique) => (technique.subtechnique ?? []).map((sub) => sub.id))),
      guide: rule.note?.includes(`### Investigating ${name}\n`) ?? false,
      setup: rule.setup?.startsWith('## Setup\n\nThis rule requires data coming in from Elastic Defend.') ?? false,
    }).toEqual({ ...seed, query: seed.query.trim() });
  });
});
