import type { EventDoc } from '../query/event.ts';

/** An alert document: the `_source` Kibana writes to `.alerts-security.alerts-<space>`. */
export type AlertDocument = Record<string, unknown>;

/** Where an event was read from (Loupe provenance, not a Kibana field). */
export interface SourceLocation {
  readonly file: string;
  /** 1-based line of the event in its (decompressed) file. */
  readonly line: number;
}

/** One matched event, with what identifies it the way an Elasticsearch hit is identified. */
export interface SourceEvent {
  /** The event's `_source`. */
  readonly source: EventDoc;
  /** The concrete index it lives in (`_index` of an export, else Loupe's derived index, else ''). */
  readonly index: string;
  /** The Elasticsearch `_id` when the input carried one (exports); else Loupe hashes the event. */
  readonly id?: string;
  readonly location?: SourceLocation;
}

/** What a rule execution knows that the rule does not: Kibana takes these from its environment. */
export interface AlertRunContext {
  /**
   * The execution time in epoch milliseconds. Kibana stamps alerts with the wall clock; Loupe
   * takes it from the caller so the same input gives byte-identical output.
   */
  readonly now: number;
  /** Kibana space; default `default`. */
  readonly spaceId?: string;
  /** `kibana.version`; default {@link DEFAULT_KIBANA_VERSION}. */
  readonly kibanaVersion?: string;
  /** Kibana's `server.publicBaseUrl`; without it Kibana (and Loupe) write no `kibana.alert.url`. */
  readonly publicBaseUrl?: string;
  /** Index patterns the rule searched (`kibana.alert.rule.indices`); default the rule's `index`. */
  readonly indices?: readonly string[];
}

/** Loupe-only facts about one alert, written under the `loupe` key when present. */
export interface AlertNotes {
  /**
   * True when Kibana would not have written this alert in a single run because the rule's
   * `max_signals` was already reached (Loupe still reports it, flagged).
   */
  readonly kibanaLimitExceeded?: boolean;
  /** True when the alert's events fall between two executions' windows, where Kibana never searches. */
  readonly kibanaScheduleGap?: boolean;
}

export const DEFAULT_SPACE_ID = 'default';
export const DEFAULT_KIBANA_VERSION = '8.19.0';
