import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRule } from '../../src/engine/rules/check.ts';
import { loadRuleTexts } from '../../src/engine/rules/load.ts';
import type { CatalogueEntry } from '../../src/engine/rules/pack/catalogue.ts';
import { catalogueEntry } from '../../src/engine/rules/pack/catalogue.ts';
import type { PackManifest } from '../../src/engine/rules/pack/manifest.ts';
import { BUNDLED_RULES_DIR, ELASTIC_PACK_DIR } from '../../src/cli/rule-pack.ts';
import { KEYCHAIN_DUMP_EVENT as keychainDump, readPackCatalogue, readPackFile, readPackRules, readPackShards } from '../support/elastic-pack.ts';
import { runLoupe, tempFiles } from './run-cli.ts';

const manifest = JSON.parse(readPackFile('MANIFEST.json')) as PackManifest;
const catalogue = readPackCatalogue();
const NOW = '2024-05-02T00:00:00Z';
/** The repository's large-file line: no file it tracks may be over 2 MB. */
const LARGE_FILE_BYTES = 2_000_000;

describe('the bundled Elastic library (rules/elastic/)', () => {
  it('ships the Elastic License 2.0 text and notice beside the rules, and a manifest that agrees with the catalogue', () => {
    expect(readPackFile('LICENSE.txt')).toMatch(/^Elastic License 2\.0/);
    expect(existsSync(join(ELASTIC_PACK_DIR, 'NOTICE.txt'))).toBe(true);
    expect(manifest.source.commit).toMatch(/^[0-9a-f]{40}$/);
    const { entries } = catalogue;
    expect(manifest.counts.rules).toBe(entries.length);
    expect(manifest.counts.runnable).toBe(entries.filter((entry) => entry.status === 'ok').length);
    expect(manifest.not_runnable.map((entry) => entry.rule_id)).toEqual(entries.filter((entry) => entry.status !== 'ok').map((entry) => entry.rule_id));
    expect(manifest.not_runnable.every((entry) => entry.reason !== '')).toBe(true);
    expect(readPackRules().trimEnd().split('\n')).toHaveLength(entries.length);
  });

  it('keeps every file under rules/ within 2 MB: the library as shards the manifest names, each with its size and SHA-256', () => {
    const files = readdirSync(BUNDLED_RULES_DIR, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(BUNDLED_RULES_DIR, path)).isFile());
    expect(files).toContain(join('elastic', 'catalogue.json'));
    expect(files.filter((path) => statSync(join(BUNDLED_RULES_DIR, path)).size > LARGE_FILE_BYTES)).toEqual([]);
    const shards = readPackShards();
    expect(shards.length).toBeGreaterThan(1);
    const record = (file: string) => {
      const bytes = readFileSync(file);
      return { name: file.slice(ELASTIC_PACK_DIR.length), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    };
    expect(manifest.files).toEqual(shards.map((shard) => record(shard.file)));
    // Whole rules: every shard ends a line.
    expect(shards.every((shard) => shard.text.endsWith('\n'))).toBe(true);
  });

  it("has a catalogue that says what loupe check says of each rule today (regenerate with npm run rules:update when it does not)", () => {
    const { entries } = loadRuleTexts(readPackShards());
    const now = entries.map((entry, i) => {
      const { path: _path, ...fresh } = catalogueEntry(checkRule(entry));
      const { path: _written, ...written } = catalogue.entries[i] as CatalogueEntry;
      return [fresh, written] as const;
    });
    const differing = now.filter(([fresh, written]) => JSON.stringify(fresh) !== JSON.stringify(written)).map(([fresh]) => fresh.name);
    expect(differing).toEqual([]);
  }, 120_000);

  it('loupe rules pack describes the pack; rules list filters by OS, data source and tactic, and lists what cannot run with the reason', async () => {
    const pack = await runLoupe('rules', 'pack');
    expect(pack.code).toBe(0);
    expect(pack.out[0]).toContain(manifest.source.commit);
    expect(pack.out).toContain('licence: Elastic License 2.0: LICENSE.txt and NOTICE.txt in this folder');

    const filtered = await runLoupe('rules', 'list', '--os', 'macos', '--source', 'elastic-defend', '--tactic', 'TA0006', '--json');
    const listed = filtered.out.map((line) => JSON.parse(line) as CatalogueEntry);
    const expected = catalogue.entries.filter((entry) => entry.os.includes('macos') && entry.sources.includes('Elastic Defend') && entry.tacticIds.includes('TA0006'));
    expect(listed.map((entry) => entry.rule_id)).toEqual(expected.map((entry) => entry.rule_id));
    expect(listed.length).toBeGreaterThan(5);

    const notRunnable = await runLoupe('rules', 'list', '--not-runnable');
    expect(notRunnable.out).toHaveLength(manifest.counts.not_runnable);
    expect(notRunnable.out.some((line) => /^unsupported +esql .*: ES\|QL rules are not supported yet$/.test(line))).toBe(true);
    expect(notRunnable.out.some((line) => /^unsupported +machine_learning .*: machine learning rules read anomaly detection job results/.test(line))).toBe(true);

    const seed = await runLoupe('rules', 'list', '--pack', 'seed');
    expect(seed.out).toHaveLength(5);
    expect((await runLoupe('rules', 'list', '--pack', 'nope')).code).toBe(2);
    expect((await runLoupe('rules', 'frobnicate')).code).toBe(2);
  });

  it('scans with the library by default, narrowed by the filters, and says which rules could see the evidence and why the others could not', async () => {
    const root = tempFiles({ 'e.ndjson': `${JSON.stringify(keychainDump)}\n` });
    const file = join(root, 'e.ndjson');
    const scanned = await runLoupe('scan', file, '--now', NOW, '--os', 'macos', '--tactic', 'credential-access', '--coverage', '--no-prefilter');
    expect(scanned.code).toBe(0);
    const alerts = scanned.out.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(alerts.map((alert) => alert['kibana.alert.rule.name'])).toContain('Dumping of Keychain Content via Security Command');
    const selected = catalogue.entries.filter((entry) => entry.os.includes('macos') && entry.tactics.includes('Credential Access'));
    const runnable = selected.filter((entry) => entry.status === 'ok').length;
    expect(scanned.err).toContain(`rules: ${runnable} (${runnable} ran, 0 with errors, 0 unsupported); ${alerts.length} alert${alerts.length === 1 ? '' : 's'}`);
    const summary = scanned.err.find((line) => / can see this evidence; /.test(line));
    const [, seeing, lacking] = /^(\d+) rules? can see this evidence; (\d+) need data it lacks$/.exec(summary ?? '') ?? [];
    expect(Number(seeing) + Number(lacking)).toBe(runnable);
    expect(Number(seeing)).toBeGreaterThan(0);
    // File-only rules cannot see a process event: named, with the reason and the indices they read.
    expect(scanned.err.some((line) => /^ {2}.+ \([0-9a-f-]{36}\): no events (in its indices|of its category)/.test(line))).toBe(true);
    const notRun = selected.length - runnable;
    if (notRun > 0) expect(scanned.err.some((line) => line.startsWith(`${notRun} rule`) && line.includes('cannot run offline and were not loaded'))).toBe(true);

    // The seed pack, chosen by name, gives its own alert for the same event.
    const seed = await runLoupe('scan', file, '--now', NOW, '--pack', 'seed');
    expect(seed.out.map((line) => (JSON.parse(line) as Record<string, unknown>)['kibana.alert.rule.name'])).toEqual(['Dumping of Keychain Content via Security Command']);
    expect((await runLoupe('scan', file, '--pack', 'seed', '--rules', root)).code).toBe(2);
  }, 120_000);
});
