import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { SnapshotStore } from '../../../src/engine/state/snapshot-store.ts';
import { BASE, days, ENDPOINT_FILE, ENDPOINT_PROCESS, iso, minutes, scanSources, SEED, SEED_RULES, seedRule, type TestEvent } from './helpers.ts';

const HOSTS = ['h1', 'h2', 'h3'];
const PATHS = ['/Users/a/.ssh/id_rsa', '/Users/a/.aws/credentials', '/Users/a/Library/Keychains/login.keychain-db'];
const WEEK = days(7);

/** Events that exercise every seed rule: python file opens (some multi-valued, some incomplete) and process starts. */
const arbEvent: fc.Arbitrary<EventDoc> = fc.oneof(
  fc
    .record({
      host: fc.option(fc.constantFrom(...HOSTS), { nil: undefined, freq: 8 }),
      paths: fc.uniqueArray(fc.constantFrom(...PATHS), { minLength: 1, maxLength: 2 }),
      minute: fc.integer({ min: 0, max: 30 * 24 * 60 }),
      python: fc.boolean(),
    })
    .map(({ host, paths, minute, python }) => ({
      '@timestamp': iso(BASE + minutes(minute)),
      event: { category: 'file', action: 'open' },
      host: { os: { type: 'macos' }, ...(host ? { id: host } : {}) },
      process: { name: python ? 'python3' : 'ruby' },
      file: { path: paths.length === 1 ? paths[0] : paths },
      data_stream: ENDPOINT_FILE,
    })),
  fc
    .record({
      args: fc.subarray(['security', 'dump-keychain', '-d', 'kcc', 'copy_cred_cache', '/var/db/SystemKey', 'login.keychain'], { minLength: 1 }),
      minute: fc.integer({ min: 0, max: 60 }),
    })
    .map(({ args, minute }) => ({
      '@timestamp': iso(BASE + minutes(minute)),
      event: { category: 'process', type: 'start' },
      host: { id: 'h1', os: { type: 'macos' } },
      process: { name: args[0] === 'kcc' ? 'kcc' : 'security', args },
      data_stream: ENDPOINT_PROCESS,
    })),
);

/** Each event keeps its own provenance, as if read from one of several files. */
const arbInput = fc.array(arbEvent, { minLength: 1, maxLength: 40 }).map((events): TestEvent[] =>
  events.map((event, i) => ({ event, source: { file: `file-${i % 3}.ndjson`, line: i + 1 } })),
);

/**
 * The new-terms rule stated directly: for each (host, path), sightings sorted by time; a sighting
 * is new when no sighting lies in [t - 7d, t). O(n²), obviously right.
 */
function referenceNewTerms(input: readonly TestEvent[]): string[] {
  const sightings = new Map<string, number[]>();
  for (const { event } of input) {
    const host = (event.host as { id?: string }).id;
    const process = event.process as { name: string };
    if (host === undefined || !process.name.startsWith('python') || event.data_stream !== ENDPOINT_FILE) continue;
    const path = (event.file as { path: string | string[] }).path;
    for (const value of Array.isArray(path) ? path : [path]) {
      const key = JSON.stringify([host, value]);
      sightings.set(key, [...(sightings.get(key) ?? []), Date.parse(event['@timestamp'] as string)]);
    }
  }
  const out: string[] = [];
  for (const [key, times] of sightings) {
    for (const time of new Set(times)) {
      if (!times.some((other) => other >= time - WEEK && other < time)) out.push(`${key}@${time}`);
    }
  }
  return out.sort();
}

const newTermsKeys = (alerts: readonly Record<string, unknown>[]) =>
  alerts
    .filter((alert) => alert['kibana.alert.rule.rule_id'] === SEED.pythonCredentials)
    .map((alert) => `${JSON.stringify(alert['kibana.alert.new_terms'])}@${Date.parse(alert['kibana.alert.original_time'] as string)}`)
    .sort();

describe('verdicts do not depend on arrival order', () => {
  it('shuffled inputs give byte-identical alerts for all seed rules', async () => {
    await fc.assert(
      fc.asyncProperty(arbInput, fc.integer(), async (input, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(input, { minLength: input.length, maxLength: input.length }), { numRuns: 1, seed })[0]!;
        const [a, b] = await Promise.all([scanSources(SEED_RULES, input), scanSources(SEED_RULES, shuffled)]);
        expect(JSON.stringify(b.alerts)).toBe(JSON.stringify(a.alerts));
      }),
      { numRuns: 60 },
    );
  });

  it('new_terms alerts equal the direct statement of the rule', async () => {
    await fc.assert(
      fc.asyncProperty(arbInput, async (input) => {
        const result = await scanSources([seedRule(SEED.pythonCredentials)], input);
        expect(newTermsKeys(result.alerts)).toEqual(referenceNewTerms(input));
      }),
      { numRuns: 80 },
    );
  });

  it('splitting the input over two scans sharing a store gives the same new_terms alerts as one scan when the parts are in time order', async () => {
    await fc.assert(
      fc.asyncProperty(arbInput, async (input) => {
        const sorted = [...input].sort((x, y) => Date.parse(x.event['@timestamp'] as string) - Date.parse(y.event['@timestamp'] as string));
        const middle = Math.floor(sorted.length / 2);
        const cut = Date.parse(sorted[middle]?.event['@timestamp'] as string);
        const earlier = sorted.filter((item) => Date.parse(item.event['@timestamp'] as string) < cut);
        const later = sorted.filter((item) => Date.parse(item.event['@timestamp'] as string) >= cut);
        const rule = [seedRule(SEED.pythonCredentials)];
        const store = new SnapshotStore();
        const first = await scanSources(rule, earlier, { store, scanId: 'a' });
        const second = await scanSources(rule, later, { store, scanId: 'b' });
        expect([...newTermsKeys(first.alerts), ...newTermsKeys(second.alerts)].sort()).toEqual(referenceNewTerms(input));
      }),
      { numRuns: 60 },
    );
  });
});
