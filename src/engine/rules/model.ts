/**
 * A detection rule in Kibana's own field names (the snake_case of rule export/import NDJSON),
 * whatever file format it was loaded from. Keys Loupe does not model are kept verbatim in
 * `passthrough`, so a rule exported again equals the rule that was loaded.
 */

export const RULE_TYPES = [
  'query',
  'saved_query',
  'eql',
  'threshold',
  'threat_match',
  'new_terms',
  'machine_learning',
  'esql',
] as const;

export type RuleType = (typeof RULE_TYPES)[number];

export type QueryLanguage = 'kuery' | 'lucene' | 'eql' | 'esql';

/** Kibana's defaults for the schedule fields a rule may leave out. */
export const RULE_DEFAULTS = { from: 'now-6m', to: 'now', interval: '5m', max_signals: 100 } as const;

export interface ThreatEntry {
  readonly id: string;
  readonly name: string;
  readonly reference: string;
}

export interface ThreatTechnique extends ThreatEntry {
  readonly subtechnique?: readonly ThreatEntry[];
}

/** One MITRE ATT&CK mapping: a tactic and the techniques under it. */
export interface Threat {
  readonly framework: string;
  readonly tactic: ThreatEntry;
  readonly technique?: readonly ThreatTechnique[];
}

export interface ThresholdCardinality {
  readonly field: string;
  readonly value: number;
}

/** `field` is a string in rules written before Kibana 7.12, an array since. */
export interface Threshold {
  readonly field: string | readonly string[];
  readonly value: number;
  readonly cardinality?: readonly ThresholdCardinality[];
}

/** A rule's reference to an exception list container (`exceptions_list[]`). */
export interface ExceptionListRef {
  readonly id: string;
  readonly list_id: string;
  readonly type: string;
  readonly namespace_type: string;
}

type JsonObject = Readonly<Record<string, unknown>>;

/** The Kibana rule fields Loupe knows by name. Every one is optional until validation says otherwise. */
export interface KnownRuleFields {
  id?: string;
  rule_id?: string;
  name?: string;
  description?: string;
  type?: string;
  language?: string;
  query?: string;
  index?: readonly string[];
  data_view_id?: string;
  filters?: readonly JsonObject[];
  saved_id?: string;
  from?: string;
  to?: string;
  interval?: string;
  max_signals?: number;
  severity?: string;
  severity_mapping?: readonly JsonObject[];
  risk_score?: number;
  risk_score_mapping?: readonly JsonObject[];
  tags?: readonly string[];
  references?: readonly string[];
  false_positives?: readonly string[];
  note?: string;
  setup?: string;
  threat?: readonly Threat[];
  threshold?: Threshold;
  new_terms_fields?: readonly string[];
  history_window_start?: string;
  exceptions_list?: readonly ExceptionListRef[];
  building_block_type?: string;
  timestamp_override?: string;
  timestamp_override_fallback_disabled?: boolean;
  event_category_override?: string;
  tiebreaker_field?: string;
  alert_suppression?: JsonObject;
  investigation_fields?: JsonObject;
  rule_name_override?: string;
  threat_query?: string;
  threat_language?: string;
  threat_index?: readonly string[];
  threat_mapping?: readonly JsonObject[];
  threat_indicator_path?: string;
  author?: readonly string[];
  license?: string;
  version?: number;
  revision?: number;
  enabled?: boolean;
  immutable?: boolean;
  meta?: JsonObject;
}

export interface Rule extends KnownRuleFields {
  /** Keys Loupe does not model (and known keys whose value had the wrong JSON type), verbatim. */
  passthrough: Record<string, unknown>;
}

/** 1-based position in a rule file. */
export interface FilePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * A problem found in a rule. `line`/`column` point into the rule's file; for query errors
 * `query` also gives the position inside the query text.
 */
export interface RuleIssue extends FilePosition {
  readonly message: string;
  readonly query?: { readonly line: number; readonly column: number; readonly offset: number };
}

/**
 * Where a string value's characters sit in its file: the decoded offset at which each run of
 * one-to-one characters starts, and that run's first file position. Escapes start new runs.
 */
export interface TextLocation {
  readonly runs: readonly (FilePosition & { readonly offset: number })[];
}

/** Where a rule came from, and where its fields are in that file. */
export interface RuleSource {
  readonly file: string;
  /** The rule's own start: the `[rule]` table of a TOML file, the line of an NDJSON rule. */
  readonly start: FilePosition;
  /** Start of each top-level rule field's value, by Kibana field name. */
  readonly fields: Readonly<Record<string, FilePosition>>;
  /** Character-exact location of the query text, when it could be mapped back to the file. */
  readonly query?: TextLocation;
}

/** One exception item: its entries are ANDed; the items of a list are ORed. */
export interface ExceptionItem {
  readonly item_id: string;
  readonly list_id: string;
  readonly namespace_type: string;
  readonly entries: readonly JsonObject[];
  readonly os_types?: readonly string[];
  /** The whole item as exported. */
  readonly raw: JsonObject;
}

export interface ExceptionList {
  readonly list_id: string;
  readonly type: string;
  readonly namespace_type: string;
  readonly name: string;
  readonly items: readonly ExceptionItem[];
  readonly raw: JsonObject;
}

/** A rule as found in a file, with what loading and linking learned about it. */
export interface RuleEntry {
  readonly rule: Rule;
  readonly source: RuleSource;
  /** Load problems: syntax errors, fields of the wrong type. Empty when the text loaded cleanly. */
  readonly issues: RuleIssue[];
  /** detection-rules TOML `[metadata]` table (maturity, dates, integration), when present. */
  readonly metadata?: JsonObject;
  /** Exception lists this rule references that were loaded alongside it. */
  exceptionLists: ExceptionList[];
  /** References in `exceptions_list` whose list was not among the loaded files. */
  missingExceptionLists: ExceptionListRef[];
  /** Set on a later copy of a rule_id already loaded (it is an error and never runs): where the first is. */
  duplicateOf?: string;
}

/** Everything one rule file held. */
export interface LoadedRuleFile {
  readonly entries: RuleEntry[];
  /** Exception list containers, without items: items are joined to lists across files (link.ts). */
  readonly exceptionLists: ExceptionList[];
  readonly exceptionItems: ExceptionItem[];
  /** The trailing export-details line of a Kibana rule export (`exported_count`, `missing_rules`...). */
  readonly exportSummary?: JsonObject;
  /** Lines that are neither rules nor exception lists (action connectors), by line number. */
  readonly skippedLines: readonly number[];
  /** Lets go of the file's text where its entries keep it for lazily located positions (see `releaseRuleTexts`). */
  releaseText?(): void;
}
