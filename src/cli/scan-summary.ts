/**
 * The human summary `loupe scan` prints on stderr: what was read, what was skipped and where,
 * what could not be read, and what each rule found. Deterministic apart from the timing line.
 */
import type { RuleScanStats, ScanStats } from '../engine/detect/contract.ts';
import { LINE_SKIP_REASONS, MAX_EXAMPLES, type FileSummary, type Tally } from '../ingest/summary.ts';
import type { LineSkipReason } from '../ingest/events.ts';
import { sourceLines } from '../sources/describe.ts';
import type { InputProblem } from './node-input.ts';
import { appendAll } from '../engine/append-all.ts';

export interface ScanReport {
  readonly files: readonly FileSummary[];
  readonly unreadable: readonly InputProblem[];
  readonly notScanned: readonly InputProblem[];
  readonly stats: ScanStats;
  readonly alerts: number;
  readonly kibanaLimits: boolean;
  readonly millis: number;
  /** Reader threads that read the input (`--jobs`), when more than this thread. */
  readonly threads?: number;
  /** Why the new-terms state could not be saved (the alerts are still valid). */
  readonly stateError?: string;
}

const REASON_LABELS: Record<LineSkipReason, string> = {
  blank: 'blank',
  'not-json': 'not JSON',
  'not-object': 'not a JSON object',
  'too-long': 'over the line size limit',
};

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

export function scanSummary(report: ScanReport): string[] {
  const { files, stats } = report;
  const lines: string[] = [];
  const sum = (pick: (file: FileSummary) => number) => files.reduce((total, file) => total + pick(file), 0);
  const skipped = sum((file) => LINE_SKIP_REASONS.reduce((total, reason) => total + file.skipped[reason].count, 0));
  const seconds = report.millis / 1000;
  const rate = seconds > 0 ? Math.round(stats.events / seconds) : stats.events;
  // With the prefilter, lines no rule could match are counted but not parsed: index and timestamp are known for the parsed ones only.
  const notParsed = stats.eventsNotParsed ?? 0;
  const parsedPrefix = notParsed > 0 ? `${count(notParsed)} not parsed as no rule could match them; of the ${count(stats.events - notParsed)} parsed: ` : '';
  lines.push(
    `scanned ${plural(files.length, 'file')} (${count(sum((file) => file.bytes))} bytes): ${plural(stats.events, 'event')}` +
      ` (${parsedPrefix}${count(stats.eventsWithoutIndex)} without index, ${count(stats.eventsWithoutTimestamp)} without timestamp),` +
      ` ${plural(skipped, 'line')} skipped; ${seconds.toFixed(2)} s, ${count(rate)} events/s` +
      (report.threads !== undefined && report.threads > 1 ? ` with ${report.threads} reader threads` : ''),
  );

  const sourced = sourceLines(files);
  if (sourced.length > 0) appendAll(lines, [`raw evidence mapped to ECS (${plural(sourced.length, 'file')}):`, ...sourced.map((text) => `  ${text}`)]);
  for (const reason of LINE_SKIP_REASONS) {
    const total = sum((file) => file.skipped[reason].count);
    if (total === 0) continue;
    const examples = reason === 'blank' ? [] : firstExamples(files, (file) => file.skipped[reason]);
    lines.push(`  skipped ${REASON_LABELS[reason]}: ${count(total)}`);
    appendAll(lines, examples.map((example) => `    ${example}`));
  }
  const invalidLines = sum((file) => file.invalidUtf8.count);
  if (invalidLines > 0) {
    lines.push(`  invalid UTF-8 (replaced with U+FFFD, lines still read): ${plural(sum((file) => file.invalidUtf8.sequences), 'sequence')} in ${plural(invalidLines, 'line')}`);
    appendAll(lines, firstExamples(files, (file) => file.invalidUtf8).map((example) => `    ${example}`));
  }
  const bomFiles = files.filter((file) => file.bom).length;
  if (bomFiles > 0) lines.push(`  ${plural(bomFiles, 'file')} started with a UTF-8 byte order mark (ignored)`);

  const failed = [
    ...report.unreadable.map(({ path, reason }) => `${path}: ${reason}`),
    ...files.filter((file) => file.status !== 'scanned').map((file) => `${file.file}: ${file.reason ?? file.status}`),
  ];
  if (failed.length > 0) appendAll(lines, [`could not read or scan ${plural(failed.length, 'input')}:`, ...failed.map((text) => `  ${text}`)]);
  if (report.notScanned.length > 0) {
    appendAll(lines, [
      `left out of folder scans: ${count(report.notScanned.length)} ${report.notScanned.length === 1 ? 'entry' : 'entries'}`,
      ...report.notScanned.slice(0, MAX_EXAMPLES).map(({ path, reason }) => `  ${path} (${reason})`),
      ...(report.notScanned.length > MAX_EXAMPLES ? [`  … ${count(report.notScanned.length - MAX_EXAMPLES)} more`] : []),
    ]);
  }

  appendAll(lines, ruleLines(stats.rules, report.alerts, report.kibanaLimits, notParsed > 0 ? 'candidate events' : 'events'));
  if (report.stateError !== undefined) lines.push(`error: ${report.stateError}`);
  return lines;
}

/** The first few examples across files, as `file:line: message`. */
function firstExamples(files: readonly FileSummary[], tally: (file: FileSummary) => Tally): string[] {
  const examples = files.flatMap((file) => tally(file).examples.map(({ line, message }) => `${file.file}:${line}: ${message}`));
  const total = files.reduce((sum, file) => sum + tally(file).count, 0);
  const shown = examples.slice(0, MAX_EXAMPLES);
  return total > shown.length ? [...shown, `… ${count(total - shown.length)} more`] : shown;
}

/** `seenLabel`: what `eventsSeen` counts ("candidate events" when the prefilter ruled events out for rules). */
function ruleLines(rules: readonly RuleScanStats[], alerts: number, kibanaLimits: boolean, seenLabel: string): string[] {
  const status = (wanted: RuleScanStats['status']) => rules.filter((rule) => rule.status === wanted).length;
  const overLimit = rules.reduce((sum, rule) => sum + rule.alertsOverLimit, 0);
  const inGaps = rules.reduce((sum, rule) => sum + rule.alertsInScheduleGaps, 0);
  const fate = kibanaLimits ? 'dropped as Kibana would' : 'kept and marked';
  const limits = [
    ...(overLimit > 0 ? [`${count(overLimit)} over max_signals`] : []),
    ...(inGaps > 0 ? [`${count(inGaps)} in schedule gaps`] : []),
  ];
  const lines = [
    `rules: ${count(rules.length)} (${count(status('ok'))} ran, ${count(status('error'))} with errors, ${count(status('unsupported'))} unsupported); ` +
      `${plural(alerts, 'alert')}${limits.length > 0 ? ` (${limits.join(', ')}: ${fate})` : ''}`,
  ];
  const active = rules
    .filter((rule) => rule.alerts > 0 || rule.alertsOverLimit > 0 || rule.eventsMatched > 0 || rule.messages.length > 0)
    .sort((a, b) => b.alerts - a.alerts || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const rule of active) {
    const details = [
      `${count(rule.eventsMatched)} of ${count(rule.eventsSeen)} ${seenLabel} matched`,
      ...(rule.eventsExcepted > 0 ? [`${count(rule.eventsExcepted)} excepted`] : []),
      ...(rule.duplicateEvents > 0 ? [`${count(rule.duplicateEvents)} duplicates`] : []),
      ...(rule.alertsOverLimit > 0 ? [`${count(rule.alertsOverLimit)} over max_signals`] : []),
      ...(rule.alertsInScheduleGaps > 0 ? [`${count(rule.alertsInScheduleGaps)} in schedule gaps`] : []),
    ];
    lines.push(`  ${plural(rule.alerts, 'alert')}: ${rule.name} (${rule.ruleId}); ${details.join(', ')}`);
    for (const message of rule.messages) lines.push(`    ${message}`);
  }
  return lines;
}
