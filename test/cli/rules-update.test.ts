import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildPack } from '../../scripts/rules-update/build-pack.ts';
import { readRelease } from '../../scripts/rules-update/read-release.ts';
import { cutShards } from '../../scripts/rules-update/shards.ts';
import { writePack } from '../../scripts/rules-update/write-pack.ts';
import { BUNDLED_RULES_DIR } from '../../src/cli/rule-pack.ts';
import type { PackManifest } from '../../src/engine/rules/pack/manifest.ts';
import { tempFiles } from './run-cli.ts';

const SEED = join(BUNDLED_RULES_DIR, 'macos');
const seedFiles = readdirSync(SEED).filter((name) => name.endsWith('.toml')).sort();
const seedText = (name: string) => readFileSync(join(SEED, name), 'utf8');

/** The seed rules as a detection-rules checkout, plus rules that must not ship: development, deprecated, and one Loupe cannot run. */
function releaseTree(): Record<string, string> {
  const files: Record<string, string> = { 'LICENSE.txt': 'Elastic License 2.0\n', 'NOTICE.txt': 'Detection Rules\n', 'pyproject.toml': '[project]\nversion = "9.9.9"\n' };
  for (const name of seedFiles) files[`rules/macos/${name}`] = seedText(name);
  const first = seedText(seedFiles[0]!);
  const withId = (text: string, id: string) => text.replace(/rule_id = "[^"]+"/, `rule_id = "${id}"`);
  files['rules/macos/development_copy.toml'] = withId(first.replace('maturity = "production"', 'maturity = "development"'), '00000000-0000-4000-8000-000000000001');
  files['rules/_deprecated/old.toml'] = withId(first.replace('maturity = "production"', 'maturity = "deprecated"'), '00000000-0000-4000-8000-000000000002');
  files['rules_building_block/esql_rule.toml'] = [
    '[metadata]',
    'maturity = "production"',
    '',
    '[rule]',
    'author = ["Elastic"]',
    'description = "An ES|QL rule"',
    'language = "esql"',
    'license = "Elastic License v2"',
    'name = "Some ES|QL Rule"',
    'risk_score = 21',
    'rule_id = "00000000-0000-4000-8000-000000000003"',
    'severity = "low"',
    'tags = ["OS: Linux", "Data Source: Auditd Manager"]',
    'type = "esql"',
    'query = "from logs-* | limit 1"',
    '',
  ].join('\n');
  return files;
}

describe('npm run rules:update: a detection-rules release as the bundled pack', () => {
  it('keeps production rules only, lists what Loupe cannot run with the reason, and records where the pack came from', async () => {
    const root = tempFiles(releaseTree());
    const release = await readRelease(root);
    const pack = buildPack(release, { input: 'checkout', generated: '2026-01-01' });
    const ids = pack.catalogue.entries.map((entry) => entry.rule_id);
    expect(ids).not.toContain('00000000-0000-4000-8000-000000000001');
    expect(ids).not.toContain('00000000-0000-4000-8000-000000000002');
    expect(ids).toHaveLength(seedFiles.length + 1);
    expect(pack.ndjson.trimEnd().split('\n')).toHaveLength(ids.length);
    expect(pack.manifest).toMatchObject({
      source: { version: '9.9.9', input: 'checkout' },
      generated: '2026-01-01',
      counts: { rules: seedFiles.length + 1, runnable: seedFiles.length, not_runnable: 1, by_type: { esql: 1 } },
      not_runnable: [{ rule_id: '00000000-0000-4000-8000-000000000003', type: 'esql', status: 'unsupported', reason: 'ES|QL rules are not supported yet' }],
    });
    const esql = pack.catalogue.entries.find((entry) => entry.type === 'esql');
    expect(esql).toMatchObject({ os: ['linux'], sources: ['Auditd Manager'], path: 'rules_building_block/esql_rule.toml' });
    expect(pack.catalogue.entries.filter((entry) => entry.status === 'ok').every((entry) => entry.os.includes('macos') && entry.tactics.includes('Credential Access'))).toBe(true);
  });

  it('reads the same release as a zip (top folder stripped), a rules/ tree, and the corpus NDJSON conversion, to the same rules', async () => {
    const tree = releaseTree();
    const fromCheckout = buildPack(await readRelease(tempFiles(tree)), { input: 'x', generated: 'd' });

    const zip = zipSync(Object.fromEntries(Object.entries(tree).map(([path, text]) => [`detection-rules-main/${path}`, strToU8(text)])));
    const zipFile = join(tempFiles({}), 'release.zip');
    writeFileSync(zipFile, zip);
    const fromZip = buildPack(await readRelease(zipFile), { input: 'x', generated: 'd' });
    expect(fromZip.ndjson).toBe(fromCheckout.ndjson);
    expect(fromZip.manifest).toEqual(fromCheckout.manifest);

    // The pack's own NDJSON with `meta` added back, as the corpus conversion writes it, plus a deprecated line.
    const lines = fromCheckout.ndjson.trimEnd().split('\n').map((line, i) => JSON.stringify({ ...JSON.parse(line), meta: { source_path: fromCheckout.catalogue.entries[i]!.path, maturity: 'production' } }));
    lines.push(JSON.stringify({ ...JSON.parse(lines[0]!), rule_id: '00000000-0000-4000-8000-000000000009', meta: { source_path: 'rules/_deprecated/x.toml', maturity: 'deprecated' } }));
    const ndjsonFile = join(tempFiles({ 'detection-rules.ndjson': `${lines.join('\n')}\n` }), 'detection-rules.ndjson');
    const fromNdjson = buildPack(await readRelease(ndjsonFile), { input: 'x', generated: 'd' });
    expect(fromNdjson.ndjson).toBe(fromCheckout.ndjson);
    expect(fromNdjson.catalogue).toEqual(fromCheckout.catalogue);
  });

  it('writes the rules as shards of whole lines, in order, each within the bound, and the manifest names each with its size and SHA-256', async () => {
    const release = await readRelease(tempFiles(releaseTree()));
    const whole = buildPack(release, { input: 'x', generated: 'd' });
    const longest = whole.ndjson.trimEnd().split('\n').reduce((most, line) => Math.max(most, Buffer.byteLength(line) + 1), 0);
    const bound = 2 * longest - 1;
    const pack = buildPack(release, { input: 'x', generated: 'd', shardBytes: bound });
    expect(pack.ndjson).toBe(whole.ndjson);
    expect(pack.shards.length).toBeGreaterThan(1);
    // A folder a longer pack was written to: more shards, and the single file packs had before shards.
    const out = tempFiles({ 'rules-01.ndjson': 'old\n', 'rules-07.ndjson': 'old\n', 'rules.ndjson': 'old\n', 'LICENSE.txt': 'kept\n' });
    await writePack(out, pack);
    const shards = readdirSync(out).filter((name) => name.endsWith('.ndjson')).sort();
    expect(shards).toEqual(pack.shards.map((shard) => shard.name));
    expect(shards.map((name) => readFileSync(join(out, name), 'utf8')).join('')).toBe(pack.ndjson);
    expect(shards.every((name) => statSync(join(out, name)).size <= bound)).toBe(true);
    expect(readFileSync(join(out, 'LICENSE.txt'), 'utf8')).toBe('kept\n');
    const manifest = JSON.parse(readFileSync(join(out, 'MANIFEST.json'), 'utf8')) as PackManifest;
    const sha256 = (name: string) => createHash('sha256').update(readFileSync(join(out, name))).digest('hex');
    expect(manifest.files).toEqual(shards.map((name) => ({ name, bytes: statSync(join(out, name)).size, sha256: sha256(name) })));
  });

  it.each([
    ['fills each shard before the next', 'aa\nbb\ncc\n', 6, ['aa\nbb\n', 'cc\n']],
    ['counts UTF-8 bytes', 'é\né\n', 4, ['é\n', 'é\n']],
    ['keeps a pack that fits as one shard', 'a\nb\n', 100, ['a\nb\n']],
  ])('cutting: %s', (_name, ndjson, bound, texts) => {
    expect(cutShards(ndjson, bound)).toEqual(texts.map((text, at) => ({ name: `rules-0${at + 1}.ndjson`, text })));
  });

  it('refuses a rule longer than a shard', () => {
    expect(() => cutShards('short\nmuch longer\n', 8)).toThrow(/a rule of 12 bytes does not fit a shard of 8 bytes/);
  });

  it('refuses a release holding no rule files', async () => {
    await expect(readRelease(tempFiles({ 'README.md': 'nothing here' }))).rejects.toThrow(/no detection-rules TOML files/);
  });
});
