// Hunts through the real client (scan-run with an in-thread reader): the query's matches stream
// out in input order, capped, with the total; EQL event queries; a cancelled hunt says so.
import { describe, expect, it } from 'vitest';
import { checkHunt, type HuntQuery } from '../../src/engine/hunt/hunt-rule.ts';
import { compileKql } from '../../src/engine/kql/compile.ts';
import { parseKql } from '../../src/engine/kql/parser.ts';
import type { EvidenceFile, HuntMatch, ScanProgress } from '../../src/ui/scan-client.ts';
import { useTestClients } from './helpers/test-client.ts';

const open = useTestClients();

const HOSTS = ['mac-a', 'mac-b', 'mac-c'];
const NAMES = ['bash', 'curl', 'osascript', 'launchctl'];

/** 600 events over three hosts and four process names, a damaged line and a hostile field name among them. */
function evidence(): { files: EvidenceFile[]; events: Record<string, unknown>[] } {
  const events = Array.from({ length: 600 }, (_, i) => ({
    '@timestamp': new Date(Date.UTC(2024, 4, 10, 10, 0, i)).toISOString(),
    event: { category: i % 5 === 0 ? 'network' : 'process', type: 'start', kind: 'event' },
    host: { name: HOSTS[i % 3] },
    process: { name: NAMES[i % 4], pid: i },
  }));
  const lines = events.map((event) => JSON.stringify(event));
  lines.splice(100, 0, '{"half": ', '{"__proto__": {"polluted": 1}, "process": {"name": "bash"}}');
  const text = `${lines.join('\n')}\n`;
  return { files: [{ path: 'case/events.ndjson', file: new File([text], 'events.ndjson', { lastModified: 0 }) }], events };
}

async function hunt(query: HuntQuery, limit = 10_000) {
  const { client } = await open();
  const { files } = evidence();
  const batches: (readonly HuntMatch[])[] = [];
  const progress: ScanProgress[] = [];
  const handle = client.hunt(files, query, limit, (batch) => batches.push(batch), (step) => progress.push(step));
  const result = await handle.result;
  return { result, matches: batches.flat(), batches, progress };
}

describe('hunt', () => {
  it('returns exactly the events the KQL query matches, in input order, with where they were read', async () => {
    const query = 'process.name : ("curl" or "osascript") and host.name : "mac-b"';
    expect(checkHunt({ language: 'kuery', query })).toEqual([]);
    const { result, matches } = await hunt({ language: 'kuery', query });
    const filter = compileKql(parseKql(query));
    const expected = evidence().events.filter((event) => filter.matches(event as never));
    expect(expected.length).toBeGreaterThan(50);
    expect(result.outcome).toBe('complete');
    expect(result.matched).toBe(expected.length);
    expect(matches.map((match) => (match.event as { process: { pid: number } }).process.pid)).toEqual(expected.map((event) => (event.process as { pid: number }).pid));
    expect(matches.every((match) => match.file === 'case/events.ndjson' && match.line > 0)).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps the first `limit` matches and counts the rest', async () => {
    const { result, matches } = await hunt({ language: 'kuery', query: 'process.name : "bash"' }, 7);
    // 150 generated bash events and the hostile line, which is an event too.
    expect(result.matched).toBe(151);
    expect(result.limit).toBe(7);
    expect(matches).toHaveLength(7);
    expect(matches[0]!.line).toBe(1);
  });

  it('runs EQL event queries (category included)', async () => {
    const query = 'network where host.name == "mac-a"';
    expect(checkHunt({ language: 'eql', query })).toEqual([]);
    const { result, matches } = await hunt({ language: 'eql', query });
    const expected = evidence().events.filter((event) => (event.event as { category: string }).category === 'network' && (event.host as { name: string }).name === 'mac-a');
    expect(result.matched).toBe(expected.length);
    expect(matches).toHaveLength(expected.length);
  });

  it('reports a syntax error with the position inside the query', () => {
    expect(checkHunt({ language: 'kuery', query: 'process.name : "a" and (' })).toEqual([expect.objectContaining({ line: 1, column: 25 })]);
    expect(checkHunt({ language: 'eql', query: 'process where\n  process.name == ' })).toEqual([expect.objectContaining({ line: 2, column: 19 })]);
  });

  it('stops at cancel and says it was cancelled', async () => {
    const { client } = await open();
    const handle = client.hunt(evidence().files, { language: 'kuery', query: 'process.name : *' }, 10, () => undefined, () => undefined);
    handle.cancel();
    expect((await handle.result).outcome).toBe('cancelled');
  });
});
