/**
 * Checking a pack's rules in two threads at once. Compiling every query of the public pack is
 * about 2 CPU-s, a fifth of a 30k-event `--jobs 1` scan; with reader threads it used to run in
 * the coordinating thread alone while the readers waited for it. Now a reader thread checks rules
 * too: both claim chunks of rule positions from one shared counter (Atomics on a
 * SharedArrayBuffer), so whichever thread starts later or runs slower simply claims fewer. The
 * reader keeps its own checks for the scan (intake-api.ts `prepare`) and sends back each rule's
 * summary (rules/precompiled.ts), from which the coordinating thread makes the same check it
 * makes from the bundled pack's index: `ok`, the query compiled when an event first reaches it.
 * A rule with no summary (not `ok`, or loaded with problems) is checked again here, so its
 * messages are the checker's own.
 */
import { checkRule, type RuleCheck } from '../engine/rules/check.ts';
import type { RuleEntry } from '../engine/rules/model.ts';
import { summarizeCheck, type RuleSummary } from '../engine/rules/precompiled.ts';
import { summaryChecks } from './scan-plan.ts';

/** Rules claimed at a time: a few tens of milliseconds of checking, so neither thread waits long for the other's last chunk. */
const CHUNK = 16;

/** What a helper sends back: the summary of each rule it checked, by position (null: none). */
export type HelperSummaries = readonly (readonly [number, RuleSummary | null])[];

/** Checks the rules at the positions claimed from `next` until every position is taken. */
export function checkClaimed(entries: readonly RuleEntry[], next: Int32Array): Map<number, RuleCheck> {
  const checks = new Map<number, RuleCheck>();
  for (let start = Atomics.add(next, 0, CHUNK); start < entries.length; start = Atomics.add(next, 0, CHUNK)) {
    const end = Math.min(start + CHUNK, entries.length);
    for (let r = start; r < end; r++) checks.set(r, checkRule(entries[r]!));
  }
  return checks;
}

/** A helper's answer for its checks. */
export function helperSummaries(checks: ReadonlyMap<number, RuleCheck>): HelperSummaries {
  return [...checks].map(([r, check]) => [r, summarizeCheck(check) ?? null] as const);
}

/** A new claim counter, shared with the helper. */
export function claimCounter(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/**
 * Every entry's check, this thread checking the chunks it claims from `next` while `helped`
 * (the helper's answer, claiming from the same counter) comes.
 */
export async function checkWithHelper(entries: readonly RuleEntry[], next: Int32Array, helped: Promise<HelperSummaries>): Promise<RuleCheck[]> {
  const checks = new Array<RuleCheck | undefined>(entries.length);
  for (const [r, check] of checkClaimed(entries, next)) checks[r] = check;
  // A helper that failed leaves its rules to this thread.
  const theirs = await helped.catch((): HelperSummaries => []);
  const summaries = new Array<RuleSummary | null>(entries.length).fill(null);
  for (const [r, summary] of theirs) summaries[r] = summary;
  const fromSummaries = summaryChecks(entries, summaries);
  return entries.map((entry, r) => checks[r] ?? fromSummaries[r] ?? checkRule(entry));
}
