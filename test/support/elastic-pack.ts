/** The bundled Elastic library as tests read it, and one event its macOS keychain rules alert on. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ELASTIC_PACK_DIR } from '../../src/cli/rule-pack.ts';
import type { RuleText } from '../../src/engine/rules/load.ts';
import type { PackCatalogue } from '../../src/engine/rules/pack/catalogue.ts';
import { shardOrder } from '../../src/engine/rules/pack/shards.ts';

export function readPackFile(name: string): string {
  return readFileSync(join(ELASTIC_PACK_DIR, name), 'utf8');
}

export function readPackCatalogue(): PackCatalogue {
  return JSON.parse(readPackFile('catalogue.json')) as PackCatalogue;
}

/** The library's rule shards in pack order, each named `dir` + its file name (the CLI's absolute folder by default). */
export function readPackShards(dir = ELASTIC_PACK_DIR): RuleText[] {
  return shardOrder(readdirSync(ELASTIC_PACK_DIR)).map((name) => ({ file: `${dir}${name}`, text: readPackFile(name) }));
}

/** The pack's whole NDJSON: its shards one after another. */
export function readPackRules(): string {
  return readPackShards()
    .map((shard) => shard.text)
    .join('');
}

/** `security dump-keychain -d` on a Mac, as Elastic Defend records it. */
export const KEYCHAIN_DUMP_EVENT = {
  '@timestamp': '2024-05-01T10:00:00Z',
  event: { category: ['process'], type: ['start'], action: 'exec' },
  process: { name: 'security', args: ['security', 'dump-keychain', '-d'], command_line: 'security dump-keychain -d' },
  host: { os: { type: 'macos' }, name: 'mbp' },
  data_stream: { type: 'logs', dataset: 'endpoint.events.process', namespace: 'default' },
};
