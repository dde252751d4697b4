/** Jamf Protect telemetry: Elastic's jamf_protect integration documents, golden against Elastic's own pipeline expectations, plus Defend-shaped copies. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createJamfMapper } from '../../src/sources/jamf-protect/map.ts';
import { recogniseSource, sourceStage } from '../../src/sources/registry.ts';
import { sourceLines } from '../../src/sources/describe.ts';
import type { EcsEvent, MapResult } from '../../src/sources/types.ts';
import { utf8 } from '../ingest/helpers/build.ts';
import { scanBytes } from '../ingest/helpers/scan.ts';
import { needShared, readShared } from '../support/shared-data.ts';
import { JAMF_EXEC, JAMF_LINES } from './jamf-fixtures.ts';

const HAS_DATA = needShared(JAMF_LINES, JAMF_EXEC);
const LINES = HAS_DATA ? readShared(JAMF_LINES) : '';
const CONTEXT = { path: 'case.zip!jamf.ndjson', host: 'case' };

/** What Loupe adds that Elastic's pipeline test output lacks (Fleet, the input, the file, the event time as @timestamp). */
function withoutLoupeFields(event: EcsEvent): EcsEvent {
  const { '@timestamp': _t, agent: _a, data_stream: _d, tags: _g, log: _l, ...rest } = event;
  const { dataset: _s, ...eventFields } = rest['event'] as Record<string, unknown>;
  return { ...rest, event: eventFields };
}

/** What Elastic's sample event carries from the agent and Elasticsearch rather than the pipeline. */
function withoutIngestFields(event: EcsEvent): EcsEvent {
  const { '@timestamp': _t, agent: _a, data_stream: _d, tags: _g, elastic_agent: _e, input: _i, ...rest } = event;
  const { dataset: _s, ingested: _n, agent_id_status: _v, ...eventFields } = rest['event'] as Record<string, unknown>;
  return { ...rest, event: eventFields };
}

function mapLines(): MapResult[] {
  const mapper = createJamfMapper(CONTEXT);
  return LINES.trim().split('\n').map((line) => mapper.map(JSON.parse(line) as Record<string, unknown>));
}

const events = (result: MapResult | undefined): readonly EcsEvent[] => {
  if (!result || !('events' in result)) throw new Error(`not mapped: ${JSON.stringify(result)}`);
  return result.events;
};

if (HAS_DATA) describe('Jamf Protect telemetry: as Elastic\'s jamf_protect integration indexes it', () => {
  const results = mapLines();

  it('gives each real sample line exactly the document Elastic\'s pipeline test expects', () => {
    const expected = (JSON.parse(readFileSync('test/sources/fixtures/jamf_protect-expected-lines1-4.json', 'utf8')) as { expected: EcsEvent[] }).expected;
    const execSample = withoutIngestFields(JSON.parse(readShared(JAMF_EXEC)) as EcsEvent);
    const documents = results.map((result) => withoutLoupeFields(events(result)[0]!));
    expect(documents).toEqual([...expected, execSample]);
  });

  it('routes into logs-jamf_protect.telemetry-default with the record time as @timestamp and the file path', () => {
    const exec = events(results[4])[0]!;
    expect(exec['data_stream']).toEqual({ type: 'logs', dataset: 'jamf_protect.telemetry', namespace: 'default' });
    expect((exec['event'] as Record<string, unknown>)['dataset']).toBe('jamf_protect.telemetry');
    expect(exec['@timestamp']).toBe('2024-05-31T09:47:12.436Z');
    expect(exec['log']).toEqual({ file: { path: 'case.zip!jamf.ndjson' } });
    expect(exec['event.original']).toBeUndefined();
  });

  it('adds a Defend-shaped event only where Defend reports the same activity (exec here), with the record\'s host', () => {
    expect(results.map((result) => events(result).length)).toEqual([1, 1, 1, 1, 2]);
    const defend = events(results[4])[1]!;
    expect(defend['data_stream']).toEqual({ type: 'logs', dataset: 'endpoint.events.process', namespace: 'default' });
    expect(defend['event']).toMatchObject({ action: 'exec', type: ['start'], category: ['process'], module: 'endpoint', sequence: 202 });
    expect(defend['process']).toMatchObject({ pid: 91306, name: 'zsh', executable: '/bin/zsh', args: ['/bin/zsh', '-c', '/var/folders/fm/j970swbn73dfnkjgsqjxxvj40000gp/T/eicar'], args_count: 3, working_directory: '/', parent: { pid: 64632 } });
    expect(defend['host']).toMatchObject({ name: 'macbookpro', hostname: 'MacBookPro', id: '00006030-001E301C0228001C', os: { type: 'macos', version: '14.5' } });
  });
});

if (HAS_DATA) describe('Jamf Protect telemetry: recognising and accounting', () => {
  it('is recognised by content and states that hosts come from the records', async () => {
    expect(recogniseSource(utf8(LINES))?.name).toBe('jamf_protect');
    const { files, events: out } = await scanBytes('evidence.ndjson', utf8(`${LINES}not json\n{"metadata":{"vendor":"Jamf"},"event_type":9,"event":{"exec":{}}}\n`), { sources: sourceStage });
    const file = files[0]!;
    expect(file.source).toMatchObject({ name: 'jamf_protect', records: 6, events: 6 });
    expect(out).toHaveLength(6);
    expect(file.lines).toBe(7);
    expect(sourceLines(files)).toEqual(['evidence.ndjson: jamf_protect, host named by each record (else evidence): 6 records → 6 events; 1 not mapped: unreadable record (1)']);
  });
});
