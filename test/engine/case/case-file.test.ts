/** Case files: written deterministically, read back whole, and every kind of damage named. */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readCaseFile, writeCaseFile, type CaseParts } from '../../../src/engine/case/case-file.ts';
import { checkEvidence } from '../../../src/engine/case/evidence-check.ts';
import { CASE_FORMAT, CASE_VERSION, type CaseManifest } from '../../../src/engine/case/manifest.ts';

const DIGEST_A = 'a'.repeat(64);
const DIGEST_B = 'b'.repeat(64);
const manifest: CaseManifest = {
  format: CASE_FORMAT,
  version: CASE_VERSION,
  createdAt: '2026-12-07T12:00:00.000Z',
  scan: { id: 's1', label: 'case.zip', startedAt: '2026-12-07T11:00:00.000Z', finishedAt: '2026-12-07T11:01:00.000Z' },
  evidence: [
    { path: 'case/a.ndjson', size: 10, sha256: DIGEST_A },
    { path: 'case/b.zip', size: 20, sha256: DIGEST_B, host: 'mbp-carol' },
  ],
  counts: { alerts: 1, rules: 2, open: 0, acknowledged: 0, closed: 1 },
};
const parts: CaseParts = { manifest, scan: { stats: { events: 3 } }, alertsNdjson: '{"kibana.alert.uuid":"u"}\n', rulesNdjson: '{"rule_id":"r"}\n', newTermsState: '{"version":1}' };

const zipOf = (members: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(members).map(([name, text]) => [name, strToU8(text)])));
const good = { 'case.json': JSON.stringify(manifest), 'scan.json': '{}', 'alerts.ndjson': '', 'rules.ndjson': '' };

describe('case files', () => {
  it('round-trips, and the same case gives the same bytes', () => {
    const bytes = writeCaseFile(parts);
    expect(readCaseFile(bytes)).toEqual(parts);
    expect(writeCaseFile(parts)).toEqual(bytes);
    const { newTermsState: _none, ...without } = parts;
    expect(readCaseFile(writeCaseFile(without))).toEqual(without);
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['not a zip', strToU8('hello'), /not a readable zip/],
    ['truncated', writeCaseFile(parts).subarray(0, 200), /not a readable zip/],
    ['no manifest', zipOf({ ...good, 'case.json': undefined as never }), /case\.json: (missing|not JSON)/],
    ['another format', zipOf({ ...good, 'case.json': '{"format":"x"}' }), /not a Loupe case file/],
    ['a newer version', zipOf({ ...good, 'case.json': JSON.stringify({ ...manifest, version: 9 }) }), /version 9 is not one this Loupe reads/],
    ['a bad digest', zipOf({ ...good, 'case.json': JSON.stringify({ ...manifest, evidence: [{ path: 'a', size: 1, sha256: 'nope' }] }) }), /evidence\[0\]\.sha256/],
    ['a negative size', zipOf({ ...good, 'case.json': JSON.stringify({ ...manifest, evidence: [{ path: 'a', size: -1, sha256: DIGEST_A }] }) }), /evidence\[0\]\.size/],
    ['an inherited field only', zipOf({ ...good, 'case.json': JSON.stringify({ ...manifest, createdAt: undefined }).replace('"format"', '"__proto__":{"createdAt":"x"},"format"') }), /createdAt: expected a string/],
    ['a bad alert line', zipOf({ ...good, 'alerts.ndjson': '{}\n{oops\n' }), /alerts\.ndjson line 2: not JSON/],
    ['no alerts member', zipOf({ 'case.json': JSON.stringify(manifest), 'scan.json': '{}', 'rules.ndjson': '' }), /alerts\.ndjson: missing/],
  ])('refuses %s, saying why', (_name, bytes, message) => {
    expect(() => readCaseFile(bytes)).toThrow(message);
  });
});

describe('checkEvidence', () => {
  const offered = (path: string, sha256: string) => ({ path, size: 1, sha256 });

  it.each<[string, ReturnType<typeof offered>[], string[], string[], boolean]>([
    ['every file as it was', [offered('case/a.ndjson', DIGEST_A), offered('case/b.zip', DIGEST_B)], ['verified', 'verified'], [], true],
    ['from another folder, by name', [offered('copy/a.ndjson', DIGEST_A), offered('elsewhere/b.zip', DIGEST_B)], ['verified', 'verified'], [], true],
    ['renamed, by digest', [offered('x.bin', DIGEST_A), offered('case/b.zip', DIGEST_B)], ['verified', 'verified'], [], true],
    ['one changed', [offered('case/a.ndjson', 'c'.repeat(64)), offered('case/b.zip', DIGEST_B)], ['changed', 'verified'], [], false],
    ['one missing, one unrelated', [offered('case/a.ndjson', DIGEST_A), offered('notes.txt', 'd'.repeat(64))], ['verified', 'missing'], ['notes.txt'], false],
  ])('%s', (_name, files, statuses, unrelated, complete) => {
    const check = checkEvidence(manifest.evidence, files);
    expect(check.verdicts.map((verdict) => verdict.status)).toEqual(statuses);
    expect(check.unrelated.map((file) => file.path)).toEqual(unrelated);
    expect(check.complete).toBe(complete);
  });
});
