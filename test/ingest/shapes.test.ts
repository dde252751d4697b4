import { describe, expect, it } from 'vitest';
import { detectShape } from '../../src/ingest/shapes/detect.ts';
import { gzip, utf8, zip } from './helpers/build.ts';
import { EVENTS, NDJSON } from './helpers/corpus.ts';
import { scanBytes } from './helpers/scan.ts';

const plain = await scanBytes('plain.ndjson', NDJSON);
const plainEvents = plain.events.map(({ text, line }) => ({ text, line }));

const hits = EVENTS.map((event, i) => ({ _index: `logs-endpoint.events.process-default`, _id: `id-${i}`, _score: 1, _source: event }));
const searchResponse = { took: 5, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 }, hits: { total: { value: 5, relation: 'eq' }, max_score: 1, hits } };

describe('shape detection from the first bytes', () => {
  it.each([
    ['ndjson', NDJSON_TEXT()],
    ['json-array', ` \n[${JSON.stringify(EVENTS[0])}]`],
    ['search-response', JSON.stringify(searchResponse)],
    ['search-response', JSON.stringify(searchResponse, null, 2)],
    ['elasticdump', `${JSON.stringify(hits[0])}\n`],
    ['beats', `${JSON.stringify({ '@metadata': { beat: 'winlogbeat', type: '_doc', version: '8.15.2' }, message: 'x' })}\n`],
    ['json-values', `${JSON.stringify(EVENTS[0], null, 2)}\n`],
    ['ndjson', 'not json at all\n'],
    ['ndjson', ''],
  ] as const)('%s', (shape, text) => {
    expect(detectShape(utf8(text))).toBe(shape);
  });
});

function NDJSON_TEXT(): string {
  return new TextDecoder().decode(NDJSON);
}

describe('each shape gives the events of the equivalent NDJSON', () => {
  it.each([
    ['JSON array', `[${EVENTS.map((event) => JSON.stringify(event)).join(',')}]`],
    ['JSON array, pretty-printed', JSON.stringify(EVENTS, null, 2)],
    ['JSON array with a BOM and CRLF', `\uFEFF[\r\n${EVENTS.map((event) => JSON.stringify(event)).join(',\r\n')}\r\n]\r\n`],
    ['pretty-printed values (jq .)', EVENTS.map((event) => JSON.stringify(event, null, 2)).join('\n')],
    ['concatenated values', `{\n${EVENTS.map((event) => JSON.stringify(event)).join('').slice(1)}`],
  ])('%s', async (_name, text) => {
    const result = await scanBytes('in.json', utf8(text), {}, [7, 100, 3]);
    expect(result.events.map(({ text: eventText, line }) => ({ text: eventText, line }))).toEqual(plainEvents);
    expect(result.files[0]).toMatchObject({ status: 'scanned', errors: [], lines: 5, events: 5 });
  });

  it('Elasticsearch search response: hits.hits[]._source, with _index and _id as hints', async () => {
    const withAggregations = { ...searchResponse, aggregations: { x: { buckets: [{ key: 'hits', hits: [1, 2] }] } } };
    const result = await scanBytes('resp.json', utf8(JSON.stringify(withAggregations, null, 1)), {}, [5, 64]);
    expect(result.events.map(({ text, line }) => ({ text, line }))).toEqual(plainEvents);
    expect(result.events.map((event) => [event.indexHint, event.idHint])).toEqual(hits.map((hit) => [hit._index, hit._id]));
    expect(result.files[0]).toMatchObject({ shape: 'search-response', eventsWithIndexHint: 5, errors: [] });
  });

  it('elasticdump lines: _source unwrapped, _index and _id kept', async () => {
    const result = await scanBytes('dump.ndjson', utf8(hits.map((hit) => JSON.stringify(hit)).join('\n')));
    expect(result.events.map(({ text, line }) => ({ text, line }))).toEqual(plainEvents);
    expect(result.events[2]).toMatchObject({ indexHint: 'logs-endpoint.events.process-default', idHint: 'id-2' });
    expect(result.files[0]?.shape).toBe('elasticdump');
  });

  it.each([
    [{ beat: 'winlogbeat', type: '_doc', version: '8.15.2' }, 'winlogbeat-8.15.2'],
    [{ beat: 'filebeat' }, 'filebeat'],
    [{ beat: 'filebeat', version: '8.1.0', raw_index: 'logs-system.auth-default' }, 'logs-system.auth-default'],
  ])('Beats file output: @metadata %j gives index %s and is removed', async (metadata, index) => {
    const lines = EVENTS.map((event) => JSON.stringify({ '@metadata': metadata, ...event })).join('\n');
    const result = await scanBytes('beat.ndjson', utf8(lines));
    expect(result.events.map(({ text, line }) => ({ text, line }))).toEqual(plainEvents);
    expect(new Set(result.events.map((event) => event.indexHint))).toEqual(new Set([index]));
    expect(result.files[0]?.shape).toBe('beats');
  });

  it('a search response inside a zip of gzip', async () => {
    const result = await scanBytes('x.zip', zip([{ name: 'resp.json.gz', data: gzip(utf8(JSON.stringify(searchResponse))) }]));
    expect(result.events.map(({ text, line }) => ({ text, line }))).toEqual(plainEvents);
    expect(result.files[0]).toMatchObject({ file: 'x.zip!resp.json.gz', containers: ['zip', 'gzip'], shape: 'search-response' });
  });
});

describe('records that are not events, and damaged documents', () => {
  it('counts non-object records and keeps their numbers', async () => {
    const result = await scanBytes('a.json', utf8(`[1, {"a":1}, "x]", null, [2], {"b":2}, tru]`));
    const summary = result.files[0];
    expect(result.events.map((event) => [event.text, event.line])).toEqual([['{"a":1}', 2], ['{"b":2}', 6]]);
    expect(summary?.skipped['not-object']).toMatchObject({ count: 4, examples: [{ line: 1 }, { line: 3 }, { line: 4 }, { line: 5 }] });
    expect(summary?.skipped['not-json']).toMatchObject({ count: 1, examples: [{ line: 7 }] });
    expect(summary?.lines).toBe(7);
  });

  it.each([
    ['truncated array', `[{"a":1},{"b":`, /^truncated JSON: the input ends inside record 2, which starts at byte 9 \(line 1\)$/, 1, 1],
    ['unclosed array', `[{"a":1},\n{"b":2}\n`, /^truncated JSON: the input ends with 1 bracket still open$/, 2, 0],
    ['data after the array', `[{"a":1}]\n{"b":2}`, /^unexpected data after the end of the JSON document$/, 1, 0],
    ['search response without hits', `{"took":1,"timed_out":false,"_shards":{}}`, /^no hits.hits array/, 0, 0],
    ['hits.hits not an array', `{"took":1,"hits":{"hits":{"a":1}}}`, /^hits.hits is not an array$/, 0, 0],
  ])('%s', async (_name, text, message, events, notJson) => {
    const result = await scanBytes('bad.json', utf8(text));
    const summary = result.files[0];
    expect(result.events).toHaveLength(events);
    expect(summary?.status).toBe('error');
    expect(summary?.errors).toHaveLength(1);
    expect(summary?.errors[0]?.message).toMatch(message);
    expect(summary?.errors[0]?.file).toBe('bad.json');
    expect(summary?.skipped['not-json'].count).toBe(notJson);
  });

  it('skips records over the size limit', async () => {
    const result = await scanBytes('big.json', utf8(`[{"a":"${'x'.repeat(200)}"},{"b":1}]`), { maxLineBytes: 100 }, [16]);
    expect(result.events.map((event) => event.line)).toEqual([2]);
    expect(result.files[0]?.skipped['too-long']).toMatchObject({ count: 1, examples: [{ line: 1, message: '208 bytes, over the limit of 100 bytes (maxLineBytes)' }] });
  });
});
