/**
 * The Winlogbeat-shaped documents against the winlog.* part of Winlogbeat's own goldens (events
 * Winlogbeat read from these very .evtx files on Windows). Compared field by field as beats'
 * module tests compare them; every difference must be one deviations.json lists, with its count.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toWinlogbeat } from '../../../src/sources/evtx/winlogbeat.ts';
import { evtxData, leaves, needEvtxData, readSample } from './shared-evtx.ts';

type Doc = Record<string, unknown>;

interface Deviations {
  winlogbeat_goldens: { fields: number; equal: number; missing_in_ours: Record<string, { count: number }>; extra_in_ours: Record<string, { count: number }> };
}

/** The fields the renderer writes besides winlog.*; message needs message tables and is never written. */
const COMPARED_OUTSIDE_WINLOG = new Set(['@timestamp', 'event.code', 'event.kind', 'event.provider', 'event.outcome', 'event.action', 'log.level', 'host.name']);

/** beats' testing.go: GUID-looking strings compare lower-cased. */
function normal(value: unknown): string {
  return typeof value === 'string' && /^\{[0-9a-f-]{36}\}$/i.test(value) ? value.toLowerCase() : JSON.stringify(value);
}

function compared(field: string): boolean {
  return field.startsWith('winlog.') || COMPARED_OUTSIDE_WINLOG.has(field);
}

/** event_data/user_data keys vary per event: report them under one name. */
function family(field: string): string {
  return field.replace(/^winlog\.(event_data|user_data)\..*/, 'winlog.$1.*');
}

describe('Winlogbeat goldens (winlog.*)', () => {
  if (!needEvtxData()) return;

  it('every golden with its .evtx: ≥ 95% of fields equal, every difference counted in deviations.json', async () => {
    let fields = 0;
    let equal = 0;
    const missing: Record<string, number> = {};
    const extra: Record<string, number> = {};
    for (const module of ['security', 'sysmon', 'powershell']) {
      const folder = `winlogbeat/${module}/collection/`;
      for (const name of readdirSync(evtxData(folder)).filter((n) => n.endsWith('.evtx.golden.json'))) {
        const evtx = folder + name.replace('.golden.json', '');
        if (!existsSync(evtxData(evtx))) continue; // pipeline-input goldens without a log
        const golden = JSON.parse(readFileSync(evtxData(folder + name), 'utf8')) as Doc[];
        const { records } = await readSample(evtx);
        expect([name, records.length]).toEqual([name, golden.length]);
        golden.forEach((expected, i) => {
          const user = (expected['winlog'] as Doc | undefined)?.['user'] as Doc | undefined;
          if (user !== undefined && user['type'] !== 'Well Known Group') for (const k of ['type', 'name', 'domain']) delete user[k];
          const want = leaves(expected);
          const got = leaves(toWinlogbeat(records[i]!));
          for (const [field, value] of Object.entries(want)) {
            if (!compared(field)) continue;
            fields++;
            if (normal(value) === normal(got[field])) equal++;
            else missing[family(field)] = (missing[family(field)] ?? 0) + 1;
          }
          for (const field of Object.keys(got)) if (!(field in want)) extra[family(field)] = (extra[family(field)] ?? 0) + 1;
        });
      }
    }
    const deviations = JSON.parse(readFileSync(new URL('./deviations.json', import.meta.url), 'utf8')) as Deviations;
    const expected = deviations.winlogbeat_goldens;
    expect(equal / fields).toBeGreaterThanOrEqual(0.95);
    expect({ fields, equal }).toEqual({ fields: expected.fields, equal: expected.equal });
    expect(missing).toEqual(Object.fromEntries(Object.entries(expected.missing_in_ours).map(([k, v]) => [k, v.count])));
    expect(extra).toEqual(Object.fromEntries(Object.entries(expected.extra_in_ours).map(([k, v]) => [k, v.count])));
  });
});
