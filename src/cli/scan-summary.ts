/**
 * The human summary `loupe scan` prints on stderr: warnings first (what can make the alert count
 * mislead), then what was read, what was skipped and where, what could not be read, what each
 * file was recognised as, and what each rule found. The sentences come from the scan account
 * the app and the HTML report render too. Deterministic apart from the timing line.
 */
import type { RuleScanStats, ScanStats } from '../engine/detect/contract.ts';
import { accountScan, type FileAccount } from '../engine/output/scan-account.ts';
import { formatCount, plural } from '../engine/output/plural.ts';
import type { IntakeFileSummary } from '../ingest/intake.ts';
import { MAX_EXAMPLES } from '../ingest/summary.ts';
import { describedFiles, sourceLines } from '../sources/describe.ts';
import type { InputProblem } from './node-input.ts';
import { appendAll } from '../engine/append-all.ts';

export interface ScanReport {
  readonly files: readonly IntakeFileSummary[];
  readonly unreadable: readonly InputProblem[];
  readonly notScanned: readonly InputProblem[];
  readonly stats: ScanStats;
  readonly alerts: number;
  readonly kibanaLimits: boolean;
  readonly millis: number;
  /** Reader threads that read the input (`--jobs`), when more than this thread. */
  readonly threads?: number;
  /** Which rules could see the evidence (scan-coverage.ts), after the rule lines. */
  readonly coverage?: readonly string[];
  /** Why the new-terms state could not be saved (the alerts are still valid). */
  readonly stateError?: string;
  /** Rules that read GeoIP fields whose database was not given (sources/common/geoip/rules.ts): a warning, then one line per rule. */
  readonly geoip?: readonly string[];
}

/** Files `loupe scan` names one by one (the rest are counted). */
const MAX_FILES_NAMED = 20;

export function scanSummary(report: ScanReport): string[] {
  const { files, stats } = report;
  const account = accountScan(describedFiles(files), stats);
  const lines: string[] = account.warnings.map((warning) => `warning: ${warning}`);
  if (report.geoip !== undefined && report.geoip.length > 0) appendAll(lines, [`warning: ${report.geoip[0]!}`, ...report.geoip.slice(1)]);
  const seconds = report.millis / 1000;
  const rate = seconds > 0 ? Math.round(stats.events / seconds) : stats.events;
  // With the prefilter, lines no rule could match are counted but not parsed: index and timestamp are known for the parsed ones only.
  const notParsed = stats.eventsNotParsed ?? 0;
  const parsedPrefix = notParsed > 0 ? `${formatCount(notParsed)} not parsed as no rule could match them; of the ${formatCount(stats.events - notParsed)} parsed: ` : '';
  lines.push(
    `scanned ${plural(files.length, 'file')} (${formatCount(files.reduce((sum, file) => sum + file.bytes, 0))} bytes): ${plural(stats.events, 'event')}` +
      ` (${parsedPrefix}${formatCount(stats.eventsWithoutIndex)} without index, ${formatCount(stats.eventsWithoutTimestamp)} without timestamp),` +
      ` ${plural(account.linesSkipped, 'line')} skipped; ${seconds.toFixed(2)} s, ${formatCount(rate)} events/s` +
      (report.threads !== undefined && report.threads > 1 ? ` with ${report.threads} reader threads` : ''),
  );

  const sourced = sourceLines(files);
  if (sourced.length > 0) appendAll(lines, [`raw evidence mapped to ECS (${plural(sourced.length, 'file')}):`, ...sourced.map((text) => `  ${text}`)]);
  for (const total of account.skipped) appendAll(lines, [`  skipped ${total.label}: ${formatCount(total.count)}`, ...total.examples.map((example) => `    ${example}`)]);
  const { invalidUtf8 } = account;
  if (invalidUtf8.lines > 0) {
    appendAll(lines, [
      `  invalid UTF-8 (replaced with U+FFFD, lines still read): ${plural(invalidUtf8.sequences, 'sequence')} in ${plural(invalidUtf8.lines, 'line')}`,
      ...invalidUtf8.examples.map((example) => `    ${example}`),
    ]);
  }
  if (account.bomFiles > 0) lines.push(`  ${plural(account.bomFiles, 'file')} started with a UTF-8 byte order mark (ignored)`);

  const failed = [...report.unreadable.map(({ path, reason }) => `${path}: ${reason}`), ...account.problems];
  if (failed.length > 0) appendAll(lines, [`could not read or scan ${plural(failed.length, 'input')}:`, ...failed.map((text) => `  ${text}`)]);
  if (report.notScanned.length > 0) {
    appendAll(lines, [
      `left out of folder scans: ${plural(report.notScanned.length, 'entry', 'entries')}`,
      ...report.notScanned.slice(0, MAX_EXAMPLES).map(({ path, reason }) => `  ${path} (${reason})`),
      ...(report.notScanned.length > MAX_EXAMPLES ? [`  … ${formatCount(report.notScanned.length - MAX_EXAMPLES)} more`] : []),
    ]);
  }
  appendAll(lines, fileLines(account.files));

  appendAll(lines, ruleLines(stats.rules, report.alerts, report.kibanaLimits, notParsed > 0 ? 'candidate events' : 'events'));
  appendAll(lines, report.coverage ?? []);
  if (report.stateError !== undefined) lines.push(`error: ${report.stateError}`);
  return lines;
}

/**
 * What each file was recognised as: files that need a look by name (not ECS, lines skipped,
 * damage), the ECS files read in full counted on one line.
 */
function fileLines(files: readonly FileAccount[]): string[] {
  const named = files.filter((file) => !file.clean && file.status === 'scanned');
  const clean = files.filter((file) => file.clean).length;
  if (named.length === 0 && clean === 0) return [];
  const lines = ['files:'];
  for (const file of named.slice(0, MAX_FILES_NAMED)) {
    lines.push(`  ${file.file}: ${file.recognised}; ${plural(file.events, 'event')}${file.skipped > 0 ? `, ${formatCount(file.skipped)} of ${plural(file.lines, 'line')} skipped` : ''}`);
  }
  if (named.length > MAX_FILES_NAMED) lines.push(`  … ${plural(named.length - MAX_FILES_NAMED, 'more file')}`);
  if (clean > 0) lines.push(`  ${plural(clean, 'file')} of ECS events, every line read`);
  return lines;
}

/** `seenLabel`: what `eventsSeen` counts ("candidate events" when the prefilter ruled events out for rules). */
function ruleLines(rules: readonly RuleScanStats[], alerts: number, kibanaLimits: boolean, seenLabel: string): string[] {
  const status = (wanted: RuleScanStats['status']) => rules.filter((rule) => rule.status === wanted).length;
  const overLimit = rules.reduce((sum, rule) => sum + rule.alertsOverLimit, 0);
  const inGaps = rules.reduce((sum, rule) => sum + rule.alertsInScheduleGaps, 0);
  const fate = kibanaLimits ? 'dropped as Kibana would' : 'kept and marked';
  const limits = [
    ...(overLimit > 0 ? [`${formatCount(overLimit)} over max_signals`] : []),
    ...(inGaps > 0 ? [`${formatCount(inGaps)} in schedule gaps`] : []),
  ];
  const lines = [
    `rules: ${formatCount(rules.length)} (${formatCount(status('ok'))} ran, ${formatCount(status('error'))} with errors, ${formatCount(status('unsupported'))} unsupported); ` +
      `${plural(alerts, 'alert')}${limits.length > 0 ? ` (${limits.join(', ')}: ${fate})` : ''}`,
  ];
  const active = rules
    .filter((rule) => rule.alerts > 0 || rule.alertsOverLimit > 0 || rule.eventsMatched > 0 || rule.messages.length > 0)
    .sort((a, b) => b.alerts - a.alerts || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const rule of active) {
    const details = [
      `${formatCount(rule.eventsMatched)} of ${formatCount(rule.eventsSeen)} ${seenLabel} matched`,
      ...(rule.eventsExcepted > 0 ? [`${formatCount(rule.eventsExcepted)} excepted`] : []),
      ...(rule.eventsWithoutTimestamp > 0 ? [`${formatCount(rule.eventsWithoutTimestamp)} without a usable timestamp`] : []),
      ...(rule.duplicateEvents > 0 ? [`${plural(rule.duplicateEvents, 'duplicate')}`] : []),
      ...(rule.alertsOverLimit > 0 ? [`${formatCount(rule.alertsOverLimit)} over max_signals`] : []),
      ...(rule.alertsInScheduleGaps > 0 ? [`${formatCount(rule.alertsInScheduleGaps)} in schedule gaps`] : []),
    ];
    lines.push(`  ${plural(rule.alerts, 'alert')}: ${rule.name} (${rule.ruleId}); ${details.join(', ')}`);
    for (const message of rule.messages) lines.push(`    ${message}`);
  }
  return lines;
}
