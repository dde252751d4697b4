import { readdirSync, readFileSync } from 'node:fs';
import { createDetector, type DetectorOptions, type DetectorResult } from '../../../src/engine/detect/index.ts';
import type { EventSource } from '../../../src/engine/detect/contract.ts';
import type { EventDoc } from '../../../src/engine/query/event.ts';
import { loadRuleTexts } from '../../../src/engine/rules/load.ts';
import type { RuleEntry } from '../../../src/engine/rules/model.ts';

const SEED_DIR = new URL('../../../rules/macos/', import.meta.url);

/** The shipped seed rules, loaded with the real loader. */
export const SEED_RULES: readonly RuleEntry[] = loadRuleTexts(
  readdirSync(SEED_DIR)
    .filter((name) => name.endsWith('.toml'))
    .map((name) => ({ file: `rules/macos/${name}`, text: readFileSync(new URL(name, SEED_DIR), 'utf8') })),
).entries;

export function seedRule(ruleId: string): RuleEntry {
  const entry = SEED_RULES.find((candidate) => candidate.rule.rule_id === ruleId);
  if (!entry) throw new Error(`no seed rule ${ruleId}`);
  return entry;
}

export const SEED = {
  keychainAccess: '96e90768-c3b7-4df6-b5d9-6237f8bc36a8',
  keychainDump: '565d6ca5-75ba-4c82-9b13-add25353471c',
  kerberos: 'ad88231f-e2ab-491c-8fc6-64746da26cfe',
  pythonCredentials: '03b150d9-9280-4eb8-9906-38cfb6184666',
  systemKey: 'd75991f2-b989-419d-b797-ac1e54ec2d61',
} as const;

/** Rules (and exception lists) from Kibana export objects, one per NDJSON line. */
export function exportedRules(objects: readonly object[]): RuleEntry[] {
  return [...loadRuleTexts([{ file: 'test-export.ndjson', text: objects.map((object) => JSON.stringify(object)).join('\n') }]).entries];
}

/** A minimal valid rule in Kibana export form. */
export function exportedRule(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    rule_id: 'test-rule',
    name: 'Test rule',
    description: 'test',
    severity: 'low',
    risk_score: 21,
    type: 'query',
    language: 'kuery',
    index: ['logs-*'],
    interval: '5m',
    from: 'now-9m',
    ...fields,
  };
}

export interface TestEvent {
  readonly event: EventDoc;
  readonly source?: Partial<EventSource>;
}

export const DEFAULT_NOW = Date.parse('2030-01-01T00:00:00.000Z');

export async function scan(entries: readonly RuleEntry[], events: readonly EventDoc[], options: Partial<DetectorOptions> = {}): Promise<DetectorResult> {
  return scanSources(entries, events.map((event) => ({ event })), options);
}

/** Like `scan`, with per-event provenance (file, line, `_index`/`_id` hints). */
export async function scanSources(entries: readonly RuleEntry[], items: readonly TestEvent[], options: Partial<DetectorOptions> = {}): Promise<DetectorResult> {
  const detector = createDetector(entries, { scanId: 'scan-1', now: DEFAULT_NOW, ...options });
  items.forEach(({ event, source }, i) => detector.push(event, { file: 'events.ndjson', line: i + 1, ...source }));
  return detector.finish();
}

/** A copy of `base` with dotted paths set (nested objects created) or removed (`undefined`). */
export function withFields(base: EventDoc, changes: Record<string, unknown>): EventDoc {
  const copy = structuredClone(base);
  for (const [path, value] of Object.entries(changes)) {
    const parts = path.split('.');
    let node: Record<string, unknown> = copy;
    for (const part of parts.slice(0, -1)) {
      if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1]!;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return copy;
}

export const ENDPOINT_PROCESS = { type: 'logs', dataset: 'endpoint.events.process', namespace: 'default' };
export const ENDPOINT_FILE = { type: 'logs', dataset: 'endpoint.events.file', namespace: 'default' };

/** `security find-generic-password` reading a user keychain at `at`: the keychain-access seed rule's positive case. */
export function keychainRead(at: number): EventDoc {
  return {
    '@timestamp': iso(at),
    event: { category: ['process'], type: ['start'] },
    host: { id: 'h1', os: { type: 'macos' } },
    process: {
      name: 'security',
      executable: '/usr/bin/security',
      args: ['security', 'find-generic-password', '/Users/alice/Library/Keychains/login.keychain-db'],
      parent: { executable: '/bin/zsh' },
    },
    data_stream: ENDPOINT_PROCESS,
  };
}

export const minutes = (count: number) => count * 60_000;
export const days = (count: number) => count * 86_400_000;
/** 2024-01-01T00:00:00Z: a multiple of every interval used in the tests (executions are epoch-anchored). */
export const BASE = Date.parse('2024-01-01T00:00:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();
