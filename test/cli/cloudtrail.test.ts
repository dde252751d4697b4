/**
 * AWS CloudTrail evidence through the CLI as it is handed over: the trail bucket copied down as a
 * zip of `.json.gz` log files (with a digest file, skipped with a note) and a console event history
 * CSV. The raw records are recognised, mapped as the aws.cloudtrail integration maps them, and
 * raise Elastic's own prebuilt AWS rules (../shared/corpus/detection-rules.ndjson, unmodified).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { needShared, sharedPath } from '../support/shared-data.ts';
import { EVENT_HISTORY_CSV, RAISED_RULES, TRAIL_FILES, trailZip } from '../sources/cloudtrail/fixtures.ts';
import { runLoupe, tempFiles } from './run-cli.ts';
import { parseAlerts } from './scan-fixtures.ts';

const CORPUS = 'corpus/detection-rules.ndjson';

/** Every AWS CloudTrail rule of the corpus a query/EQL scan can run. */
function cloudTrailRules(): string {
  return readFileSync(sharedPath(CORPUS), 'utf8')
    .split('\n')
    .filter((line) => line.includes('aws.cloudtrail') && /"type": ?"(query|eql)"/.test(line))
    .join('\n');
}

describe('loupe scan on AWS CloudTrail exports', () => {
  if (!needShared(CORPUS)) return;

  it('an S3-layout zip of .json.gz log files and an event history CSV raise the prebuilt rules the incident matches, and only those', async () => {
    const root = tempFiles({ 'rules/aws.ndjson': `${cloudTrailRules()}\n`, 'evidence/event-history.csv': EVENT_HISTORY_CSV });
    writeFileSync(join(root, 'evidence/trail.zip'), trailZip());
    const { code, stdout, err } = await runLoupe('scan', join(root, 'evidence'), '--rules', join(root, 'rules'), '--now', '2026-11-30T10:00:00Z');
    const log = err.join('\n');
    expect(code, log).toBe(0);
    const logged = TRAIL_FILES.reduce((sum, records) => sum + records.length, 0);
    expect(log).toMatch(new RegExp(`raw evidence mapped to ECS \\(4 files\\)`));
    expect(log).toContain('event-history.csv: aws.cloudtrail, host evidence: 3 CloudTrail events → 3 events');
    expect(log).toContain('aws.cloudtrail (digest file, skipped: integrity hashes of 0 log files, no events (aws cloudtrail validate-logs checks them)), host evidence: 0 CloudTrail events → 0 events');
    expect(log).toContain(`scanned 4 files`);
    expect(log).toContain(`${logged + 3} events`);
    const raised: Record<string, unknown[]> = {};
    for (const alert of parseAlerts(stdout)) (raised[String(alert['kibana.alert.rule.rule_id'])] ??= []).push((alert['event'] as Record<string, unknown>)['id']);
    for (const ids of Object.values(raised)) ids.sort();
    expect(raised).toEqual(Object.fromEntries(Object.entries(RAISED_RULES).map(([rule, ids]) => [rule, [...ids].sort()])));
  });
});
