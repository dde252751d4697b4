import { describe, expect, it } from 'vitest';
import type { EvidenceFile } from '../../src/ui/scan-client.ts';
import { shardLine } from '../../src/engine/rules/pack/shards.ts';
import { LIBRARY_DIR, type LibrarySource } from '../../src/workers/library-pack.ts';
import { KEYCHAIN_DUMP_EVENT as keychainDump, readPackCatalogue, readPackRules, readPackShards } from '../support/elastic-pack.ts';
import { testClient } from './helpers/test-client.ts';

/** The site's library files, read from the repository as the app fetches them. */
const library: LibrarySource = async () => ({
  catalogue: readPackCatalogue(),
  shards: readPackShards(LIBRARY_DIR),
});

const evidence: EvidenceFile[] = [{ path: 'e.ndjson', file: new File([`${JSON.stringify(keychainDump)}\n`], 'e.ndjson', { lastModified: 0 }) }];

describe('the app client: choosing the bundled pack', () => {
  it('starts on the seed pack, switches to the Elastic library narrowed by OS and tactic, keeps the choice across a reload, and scans with it', async () => {
    const test = await testClient({ library });
    try {
      const { client } = test;
      const first = await client.rulePack();
      expect(first).toMatchObject({ setting: { pack: 'seed' }, libraryAvailable: true, selected: 0 });
      expect(first.facets.os.map(([name]) => name).sort()).toEqual(['linux', 'macos', 'windows']);
      expect((await client.listRules()).length).toBe(5);

      await client.setRulePack({ pack: 'elastic', filter: { os: ['macos'], tactic: ['Credential Access'] } });
      const { catalogue } = await library();
      const chosen = catalogue.entries.filter((entry) => entry.os.includes('macos') && entry.tactics.includes('Credential Access'));
      const view = await client.rulePack();
      expect(view).toMatchObject({ setting: { pack: 'elastic' }, selected: chosen.length, notRunnable: chosen.filter((entry) => entry.status !== 'ok').length });
      const listed = await client.listRules();
      expect(listed.map((rule) => rule.ruleId).sort()).toEqual(chosen.map((entry) => entry.rule_id).sort());
      expect(listed.filter((rule) => rule.status === 'unsupported').every((rule) => (rule.reason ?? '') !== '' && !rule.enabled)).toBe(true);

      const result = await client.start(evidence, { useNewTermsState: false, now: Date.parse('2024-05-02T00:00:00Z') }, () => undefined).result;
      expect([result.outcome, result.error]).toEqual(['complete', undefined]);
      expect(result.alerts.map((alert) => alert['kibana.alert.rule.name'])).toContain('Dumping of Keychain Content via Security Command');
      expect(result.stats.rules.length).toBe(chosen.filter((entry) => entry.status === 'ok').length);
      const reopened = await test.reopen();
      try {
        expect((await reopened.client.rulePack()).setting).toEqual({ pack: 'elastic', filter: { os: ['macos'], source: [], tactic: ['Credential Access'] } });
      } finally {
        reopened.db.close();
      }

    } finally {
      await test.dispose();
    }
  }, 120_000);

  it('lists the whole library from its catalogue, and an imported rule repeating a library rule_id is the duplicate, as in the scan', async () => {
    const test = await testClient({ library });
    try {
      const { client } = test;
      const { catalogue, shards } = await library();
      const keychain = catalogue.entries.findIndex((entry) => entry.name === 'Dumping of Keychain Content via Security Command');
      const copy = readPackRules().split('\n')[keychain]!;
      const own = JSON.stringify({ ...(JSON.parse(copy) as object), rule_id: 'mine-1', name: 'My keychain rule' });
      await client.importRules([{ path: 'mine.ndjson', file: new File([`${copy}\n${own}\n`], 'mine.ndjson') }]);
      await client.setRulePack({ pack: 'elastic', filter: {} });

      const listed = await client.listRules();
      expect(listed.length).toBe(catalogue.entries.length + 2);
      const byFile = (file: string) => listed.filter((rule) => rule.file === file);
      // Each library rule names the shard it is in.
      const where = catalogue.entries.map((entry, position) => [entry.rule_id, shardLine(shards, position)?.file]);
      expect(listed.filter((rule) => rule.file.startsWith(LIBRARY_DIR)).map((rule) => [rule.ruleId, rule.file]).sort()).toEqual(where.sort());
      expect(new Set(where.map(([, file]) => file)).size).toBe(shards.length);
      const original = listed.find((rule) => rule.key === catalogue.entries[keychain]!.rule_id)!;
      expect(original).toMatchObject({ origin: 'bundled', status: 'ok', enabled: true });
      const imported = byFile('mine.ndjson');
      expect(imported.map((rule) => [rule.name, rule.status])).toEqual([
        ['Dumping of Keychain Content via Security Command', 'error'],
        ['My keychain rule', 'ok'],
      ]);
      const first = shardLine(shards, keychain)!;
      expect(first.file).toMatch(/^rules\/elastic\/rules-\d\d\.ndjson$/);
      expect(shards.find((shard) => shard.file === first.file)!.text.split('\n')[first.line - 1]).toBe(copy);
      expect(imported[0]!.errors.map((issue) => issue.message)).toEqual([`duplicate rule_id ${catalogue.entries[keychain]!.rule_id} (first defined at ${first.file}:${first.line})`]);

      const result = await client.start(evidence, { useNewTermsState: false, now: Date.parse('2024-05-02T00:00:00Z') }, () => undefined).result;
      const alert = result.alerts.find((candidate) => candidate['kibana.alert.rule.rule_id'] === catalogue.entries[keychain]!.rule_id)!;
      expect(result.alerts.map((candidate) => candidate['kibana.alert.rule.name'])).toContain('My keychain rule');
      expect((await client.explain(result.id, String(alert['kibana.alert.uuid'])))?.fields).toContain('process.args');
    } finally {
      await test.dispose();
    }
  }, 120_000);

  it('offers the seed pack only when the build carries no library (the single file)', async () => {
    const test = await testClient();
    try {
      expect(await test.client.rulePack()).toMatchObject({ setting: { pack: 'seed' }, libraryAvailable: false });
      await test.client.setRulePack({ pack: 'elastic', filter: {} });
      expect((await test.client.listRules()).length).toBe(5);
    } finally {
      await test.dispose();
    }
  });
});
