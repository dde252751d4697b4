import { exceptionItemFrom, exceptionListFrom } from './exceptions.ts';
import { isPlainObject } from './fields.ts';
import { entryFromKibanaObject } from './kibana-object.ts';
import type { LineIndex } from './line-index.ts';
import { RULE_TYPES } from './model.ts';
import type { ExceptionItem, ExceptionList, RuleEntry } from './model.ts';
import { problemEntry } from './problem-entry.ts';

/** What a Kibana export holds, gathered object by object (NDJSON lines or JSON array elements). */
export class KibanaRecords {
  readonly entries: RuleEntry[] = [];
  readonly exceptionLists: ExceptionList[] = [];
  readonly exceptionItems: ExceptionItem[] = [];
  readonly skippedLines: number[] = [];
  exportSummary: Readonly<Record<string, unknown>> | undefined;

  constructor(
    private readonly file: string,
    private readonly lines: LineIndex,
  ) {}

  /** Sorts one parsed object starting at offset `open` of the file into rules, exception lists and the rest. */
  add(value: unknown, open: number): void {
    const position = this.lines.positionOf(open);
    if (!isPlainObject(value)) {
      this.entries.push(problemEntry(this.file, position, 'expected a JSON object (one rule per line)'));
      return;
    }
    if ('exported_count' in value || 'exported_rules_count' in value) {
      this.exportSummary = value;
    } else if ('item_id' in value) {
      this.addException(exceptionItemFrom(value), this.exceptionItems, position);
    } else if ('list_id' in value && !('rule_id' in value)) {
      this.addException(exceptionListFrom(value), this.exceptionLists, position);
    } else if (isRule(value)) {
      this.entries.push(entryFromKibanaObject(value, this.file, this.lines, open));
    } else {
      // Action connectors and other saved objects exported alongside the rules.
      this.skippedLines.push(position.line);
    }
  }

  /** Lets go of the file's text (see `releaseRuleTexts`). */
  releaseText(): void {
    this.lines.release();
  }

  private addException<T>(parsed: T | string, into: T[], position: { line: number; column: number }): void {
    if (typeof parsed === 'string') this.entries.push(problemEntry(this.file, position, parsed));
    else into.push(parsed);
  }
}

function isRule(value: Readonly<Record<string, unknown>>): boolean {
  if ('rule_id' in value || 'query' in value) return true;
  return typeof value.type === 'string' && (RULE_TYPES as readonly string[]).includes(value.type);
}
