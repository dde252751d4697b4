/**
 * The ECS mapping against Winlogbeat's ingest goldens (113 pairs): each collection golden (the
 * Winlogbeat document Windows rendered) mapped by `toEcs` and compared with the ingest golden as
 * beats' module tests compare them (fields they ignore deleted from both sides, GUIDs compared
 * lower-cased), leaf by leaf. Also end to end: the .evtx itself → `toWinlogbeat` → `toEcs`.
 * Every expected field that differs is counted by field per channel and must be what
 * ecs-deviations.json lists, with the same count; the share equal must be ≥ 95% per channel once
 * the fields listed as pipeline-version differences are set apart (both shares are listed).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toEcs } from '../../../src/sources/evtx/ecs/index.ts';
import { toWinlogbeat } from '../../../src/sources/evtx/winlogbeat.ts';
import { evtxData, leaves, needEvtxData, readSample } from './shared-evtx.ts';

type Doc = Record<string, unknown>;
interface Tally {
  fields: number;
  equal: number;
  differences: Record<string, number>;
}
type Report = Record<string, Tally>;

const MODULES = ['security', 'sysmon', 'powershell'] as const;
/** beats x-pack/winlogbeat/module/testing.go and each module test: fields deleted from both sides. */
const IGNORED: Record<(typeof MODULES)[number], readonly string[]> = {
  security: ['event.ingested', 'message'],
  powershell: ['event.ingested', 'message'],
  sysmon: ['event.action', 'event.ingested', 'message', 'winlog.opcode', 'winlog.task', 'winlog.user.type', 'winlog.user.name', 'winlog.user.domain'],
};

/** Deep-equal text: object keys in any order, arrays in order, GUIDs lower-cased. */
function normal(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string' && /^\{[0-9a-f-]{36}\}$/i.test(v)) return v.toLowerCase();
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)));
    return v;
  });
}

function clean(doc: Doc, module: (typeof MODULES)[number]): Record<string, unknown> {
  const flat = leaves(doc);
  for (const field of ['event.created', ...IGNORED[module]]) delete flat[field];
  for (const field of Object.keys(flat)) if (field.startsWith('log.file.')) delete flat[field];
  if (flat['winlog.user.type'] !== 'Well Known Group') for (const k of ['type', 'name', 'domain']) delete flat[`winlog.user.${k}`];
  return flat;
}

/** event_data keys vary per event: one name per family. */
function family(field: string): string {
  return field.replace(/^winlog\.(event_data|user_data)\..*/, 'winlog.$1.*');
}

function compare(report: Report, channel: string, expected: Doc, actual: Doc, module: (typeof MODULES)[number]): void {
  const tally = (report[channel] ??= { fields: 0, equal: 0, differences: {} });
  const want = clean(expected, module);
  const got = clean(actual, module);
  for (const [field, value] of Object.entries(want)) {
    tally.fields++;
    if (normal(value) === normal(got[field])) tally.equal++;
    else tally.differences[family(field)] = (tally.differences[family(field)] ?? 0) + 1;
  }
}

function goldens(module: string): string[] {
  return readdirSync(evtxData(`winlogbeat/${module}/ingest/`)).filter((name) => name.endsWith('.golden.json'));
}

function read(relative: string): Doc[] {
  return JSON.parse(readFileSync(evtxData(relative), 'utf8')) as Doc[];
}

function channelOf(doc: Doc): string {
  return String((doc['winlog'] as Doc)['channel']);
}

interface Listed {
  fields: number;
  equal: number;
  percent: number;
  /** The share with the differences that are only the pipeline's version (`version_only` below) left out of the count. */
  without_version: { fields: number; equal: number; percent: number };
  differences: Record<string, { count: number; cause: string; version_only?: true }>;
}
const deviations = JSON.parse(readFileSync(new URL('./ecs-deviations.json', import.meta.url), 'utf8')) as Record<'pipeline' | 'end_to_end', Record<string, Listed>>;

const percent = (equal: number, fields: number) => Math.round((1000 * equal) / fields) / 10;

/**
 * The report in the deviations file's shape (causes left out). Differences listed as
 * `version_only` (the Sysmon goldens come from the older Winlogbeat module pipeline; Loupe ports
 * the current integration pipeline) are also left out of a second count: that share is what the
 * mapping achieves against the goldens apart from what the pipeline's version changed.
 */
function summary(report: Report, listed: Record<string, Listed>) {
  return Object.fromEntries(
    Object.entries(report)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([channel, t]) => {
        const versionOnly = Object.entries(listed[channel]?.differences ?? {}).filter(([, v]) => v.version_only).map(([field]) => field);
        const fields = t.fields - versionOnly.reduce((sum, field) => sum + (t.differences[field] ?? 0), 0);
        return [channel, { fields: t.fields, equal: t.equal, percent: percent(t.equal, t.fields), without_version: { fields, equal: t.equal, percent: percent(t.equal, fields) }, differences: Object.fromEntries(Object.entries(t.differences).sort()) }];
      }),
  );
}

function expectListed(report: Report, listed: Record<string, Listed>): ReturnType<typeof summary> {
  const got = summary(report, listed);
  const want = Object.fromEntries(
    Object.entries(listed).map(([channel, t]) => [channel, { ...t, differences: Object.fromEntries(Object.entries(t.differences).map(([field, v]) => [field, v.count]).sort()) }]),
  );
  if (process.env.EVTX_PRINT) console.log(JSON.stringify(got));
  expect(got).toEqual(want);
  return got;
}

describe('ECS mapping against Winlogbeat ingest goldens', () => {
  if (!needEvtxData()) return;

  it('pipeline test: each Winlogbeat golden document mapped equals its ingest golden, up to the listed deviations', () => {
    const report: Report = {};
    for (const module of MODULES) {
      for (const name of goldens(module)) {
        const input = read(`winlogbeat/${module}/collection/${name.replace('.golden.json', '.evtx.golden.json')}`);
        const expected = read(`winlogbeat/${module}/ingest/${name}`);
        expect([name, input.length]).toEqual([name, expected.length]);
        input.forEach((doc, i) => compare(report, channelOf(doc), expected[i]!, toEcs(structuredClone(doc)), module));
      }
    }
    const got = expectListed(report, deviations.pipeline);
    // The bar: ≥ 95% of the expected fields equal, once pipeline-version differences are set apart.
    for (const [channel, t] of Object.entries(got)) expect([channel, t.without_version.percent >= 95]).toEqual([channel, true]);
  });

  it('end to end: each .evtx read, rendered and mapped equals its ingest golden, up to the listed deviations', async () => {
    const report: Report = {};
    for (const module of MODULES) {
      for (const name of goldens(module)) {
        const evtx = `winlogbeat/${module}/collection/${name.replace('.golden.json', '.evtx')}`;
        if (!existsSync(evtxData(evtx))) continue; // pipeline-input goldens without a log
        const expected = read(`winlogbeat/${module}/ingest/${name}`);
        const { records } = await readSample(evtx);
        expect([name, records.length]).toEqual([name, expected.length]);
        records.forEach((record, i) => {
          const doc = toEcs(toWinlogbeat(record));
          compare(report, channelOf(doc), expected[i]!, doc, module);
        });
      }
    }
    expectListed(report, deviations.end_to_end);
  });
});
