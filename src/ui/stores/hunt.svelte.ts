/**
 * The hunt panel's state: the query being typed (checked as it changes, with the checker
 * `loupe check` uses), the running hunt (matches arrive in batches while the evidence is read
 * again), the match opened in the detail, and saving the query as a rule.
 */
import { checkHunt, eventsAroundQuery, explainHunt, huntRuleId, huntRuleNdjson, type HuntLanguage, type HuntProblem, type HuntQuery } from '../../engine/hunt/hunt-rule.ts';
import type { MatchExplanation } from '../../engine/explain/explanation.ts';
import type { EvidenceFile, HuntHandle, HuntMatch, HuntResult, ScanClient, ScanProgress } from '../scan-client.ts';

/** Matches kept for the table; the hunt goes on counting past them. */
export const HUNT_LIMIT = 10_000;
/** "Events around this alert": ± this many minutes by default. */
export const AROUND_MINUTES = 5;

export interface HuntHost {
  /** The files of the shown scan, when this page read them. */
  evidence(): readonly EvidenceFile[] | undefined;
  /** The rules were changed (a saved hunt joined the imported rules). */
  rulesChanged(): Promise<void>;
  notice(text: string): void;
}

export class HuntSession {
  language: HuntLanguage = $state('kuery');
  query = $state('');
  readonly problems: readonly HuntProblem[] = $derived(checkHunt({ language: this.language, query: this.query }));
  running = $state(false);
  /** The query the shown matches are for. */
  ran: HuntQuery | undefined = $state.raw();
  matches: readonly HuntMatch[] = $state.raw([]);
  progress: ScanProgress | undefined = $state.raw();
  result: HuntResult | undefined = $state.raw();
  opened: { readonly match: HuntMatch; readonly explanation: MatchExplanation | null } | undefined = $state.raw();
  /** The last "Save as rule": the rule's name, or why it failed. */
  saved: { readonly name: string; readonly ruleId: string } | undefined = $state.raw();

  private handle: HuntHandle | undefined;
  private huntNumber = 0;

  constructor(
    private readonly client: ScanClient,
    private readonly host: HuntHost,
  ) {}

  get blocked(): string | undefined {
    if (!this.host.evidence()) return 'Scan evidence in this page first: a hunt reads the shown scan\'s files again.';
    return undefined;
  }

  async run(): Promise<void> {
    const files = this.host.evidence();
    if (!files || this.problems.length > 0) return;
    this.cancel();
    const number = ++this.huntNumber;
    const query: HuntQuery = { language: this.language, query: this.query };
    this.ran = query;
    this.matches = [];
    this.result = undefined;
    this.progress = undefined;
    this.opened = undefined;
    this.running = true;
    const current = () => number === this.huntNumber;
    let kept: HuntMatch[] = [];
    const handle = this.client.hunt(
      files,
      query,
      HUNT_LIMIT,
      (batch) => {
        if (!current()) return;
        // One new array per batch: the table reads `$state.raw`, never a proxy of 10,000 events.
        kept = kept.concat(batch);
        this.matches = kept;
      },
      (progress) => {
        if (current()) this.progress = progress;
      },
    );
    this.handle = handle;
    const result = await handle.result;
    if (!current()) return;
    this.handle = undefined;
    this.running = false;
    this.result = result;
  }

  /** Stops the running hunt at once (its workers are terminated); the matches so far stay. */
  cancel(): void {
    if (!this.handle) return;
    this.handle.cancel();
    this.handle = undefined;
    // Whatever the abandoned hunt still reports is ignored.
    this.huntNumber++;
    this.running = false;
    this.result = { outcome: 'cancelled', matched: this.matches.length, limit: HUNT_LIMIT, events: this.progress?.events ?? 0, elapsedMs: this.progress?.elapsedMs ?? 0 };
  }

  /** Every event of `host` within ±`minutes` of `time`, any category: the query is shown and run. */
  around(host: string, time: string, minutes = AROUND_MINUTES): Promise<void> {
    const query = eventsAroundQuery(host, time, minutes);
    this.language = query.language;
    this.query = query.query;
    return this.run();
  }

  open(match: HuntMatch): void {
    const explanation = this.ran ? explainHunt(this.ran, match.event) : null;
    this.opened = { match, explanation };
  }

  close(): void {
    this.opened = undefined;
  }

  /** The query as a Kibana rule (NDJSON) in the user's imported rules, so it runs in every later scan. */
  async saveAsRule(name: string): Promise<void> {
    const title = name.trim();
    if (title === '' || this.problems.length > 0) return;
    const ruleId = huntRuleId(title, Date.now());
    const text = huntRuleNdjson({ language: this.language, query: this.query }, { name: title, ruleId });
    const path = `${ruleId}.ndjson`;
    try {
      const imported = await this.client.importRules([{ path, file: new File([text], path, { type: 'application/x-ndjson' }) }]);
      if (imported.problems.length > 0) throw new Error(imported.problems.map((problem) => problem.message).join('; '));
      this.saved = { name: title, ruleId };
      await this.host.rulesChanged();
    } catch (error) {
      this.host.notice(`Saving the hunt as a rule failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
