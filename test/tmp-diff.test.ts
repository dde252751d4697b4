import { readdirSync, readFileSync } from 'node:fs';
import { it } from 'vitest';
import { toEcs } from '../src/sources/evtx/ecs/index.ts';
import { leaves } from './sources/evtx/shared-evtx.ts';
const root = '/work/shared/conformance/evtx/winlogbeat/sysmon/';
const FIELDS = ['process.hash.sha256', 'related.hash', 'dns.answers', 'related.hosts'];
it('x', () => {
  for (const name of readdirSync(root + 'ingest').filter((n) => n.endsWith('.golden.json'))) {
    const input = JSON.parse(readFileSync(root + 'collection/' + name.replace('.golden.json', '.evtx.golden.json'), 'utf8'));
    const expected = JSON.parse(readFileSync(root + 'ingest/' + name, 'utf8'));
    input.forEach((doc: any, i: number) => {
      const got = leaves(toEcs(structuredClone(doc))) as any;
      const want = leaves(expected[i]) as any;
      for (const f of FIELDS) if (f in want && JSON.stringify(want[f]) !== JSON.stringify(got[f])) console.log(name, i, f, JSON.stringify(want[f]), JSON.stringify(got[f]), JSON.stringify(doc.winlog.event_data).slice(0, 600));
    });
  }
});
