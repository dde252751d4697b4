/**
 * `okta.debug_context.debug_data.*` as the okta integration's `use_flattened_debug` sub-pipeline
 * writes it (the default: `_conf.remove_flattened_debug` is unset): the whole `debugData` object
 * kept under `.flattened` (with `logOnlySecurityData` parsed, `behaviors` and `risk` split from
 * Okta's `{k=v, k=v}` text), plus the named fields rules read (`risk_level`, `risk_reasons`,
 * `risk_behaviors`, `device_fingerprint`...).
 *
 * The sub-pipeline's failures behave as there: a processor without `ignore_failure` that fails
 * ends the sub-pipeline and marks the document `event.kind: pipeline_error` with `error.message`.
 */
import { getPath, putPath, setOwn, takePath, type Doc } from '../common/doc.ts';
import { isJsonObject } from '../common/json.ts';

const FLAT = 'okta.debug_context.debug_data.flattened';
const DATA = 'okta.debug_context.debug_data';

/** debugData keys the sub-pipeline renames to snake_case fields. */
const RENAMED: readonly (readonly [string, string])[] = [
  ['deviceFingerprint', 'device_fingerprint'],
  ['requestId', 'request_id'],
  ['requestUri', 'request_uri'],
  ['threatSuspected', 'threat_suspected'],
  ['url', 'url'],
  ['dtHash', 'dt_hash'],
];

class ProcessorFailure extends Error {}

/** The dissect pattern `{%{field}}`: the text between a leading `{` and a trailing `}`; undefined when it does not match. */
function unbrace(text: string): string | undefined {
  return text.length >= 2 && text.startsWith('{') && text.endsWith('}') ? text.slice(1, -1) : undefined;
}

/**
 * The kv processor (field_split ", ", value_split "="): pairs are written as they are read, so a
 * pair without `=` fails the processor after the pairs before it were written to `into`.
 */
function keyValues(text: string, into: Doc): void {
  for (const part of text.split(', ')) {
    const at = part.indexOf('=');
    if (at < 0) throw new ProcessorFailure(`field [${part}] does not contain value_split [=]`);
    const key = part.slice(0, at);
    const value = part.slice(at + 1);
    if (key === '') continue;
    const current = Object.prototype.hasOwnProperty.call(into, key) ? into[key] : undefined;
    setOwn(into, key, current === undefined ? value : Array.isArray(current) ? [...(current as unknown[]), value] : [current, value]);
  }
}

function splitReasons(value: unknown): string[] {
  if (typeof value !== 'string') throw new ProcessorFailure('field is not a string: cannot split');
  return value.split(/,\s*/);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** `{k=v, ...}` text at `path` made an object (behaviors). */
function splitBehaviors(doc: Doc): void {
  const path = `${FLAT}.behaviors`;
  const text = getPath(doc, path);
  if (typeof text !== 'string') return;
  const inner = unbrace(text) ?? text;
  const object: Doc = {};
  putPath(doc, path, inner);
  keyValues(inner, object);
  putPath(doc, path, object);
}

/** `{reasons=..., level=...}` text at risk made an object, with the pipeline's grok fallbacks when kv cannot split it. */
function splitRisk(doc: Doc): void {
  const path = `${FLAT}.risk`;
  const original = getPath(doc, path);
  if (original === undefined) return;
  putPath(doc, `${FLAT}.risk_object`, original);
  const text = typeof original === 'string' ? (unbrace(original) ?? original) : original;
  putPath(doc, path, text);
  if (typeof text !== 'string') return;
  let risk: Doc | undefined = {};
  try {
    keyValues(text, risk);
    takePath(doc, `${FLAT}.risk_object`);
  } catch (error) {
    // The kv processor's on_failure removes the partial object; removing one never written fails in turn.
    if (Object.keys(risk).length === 0) throw error;
    risk = undefined;
    const level = /level=(\S+)/.exec(text);
    const reasons = /reasons=(.*?), \S+=/.exec(text) ?? /reasons=(.*?)$/.exec(text);
    if (level || reasons) {
      risk = {};
      if (level) risk['level'] = level[1];
      if (reasons) risk['reasons'] = reasons[1];
    }
  }
  if (risk === undefined) return;
  putPath(doc, path, risk);
}

function debugSteps(doc: Doc, debugData: Doc): void {
  putPath(doc, FLAT, structuredClone(debugData));
  const logOnly = getPath(doc, `${FLAT}.logOnlySecurityData`);
  if (typeof logOnly === 'string') {
    try {
      putPath(doc, `${FLAT}.logOnlySecurityData`, JSON.parse(logOnly) as unknown);
    } catch {
      // ignore_failure: the text stays.
    }
  }
  splitBehaviors(doc);
  splitRisk(doc);
  for (const [from, to] of RENAMED) if (debugData[from] !== undefined) putPath(doc, `${DATA}.${to}`, debugData[from]);
  const securityLevel = getPath(doc, `${FLAT}.logOnlySecurityData.risk.level`);
  if (nonEmptyString(securityLevel)) putPath(doc, `${DATA}.risk_level`, securityLevel);
  const securityReasons = getPath(doc, `${FLAT}.logOnlySecurityData.risk.reasons`);
  if (securityReasons !== undefined && securityReasons !== '') putPath(doc, `${DATA}.risk_reasons`, splitReasons(securityReasons));
  const level = getPath(doc, `${FLAT}.risk.level`);
  if (getPath(doc, `${DATA}.risk_level`) === undefined && nonEmptyString(level)) putPath(doc, `${DATA}.risk_level`, level);
  const factor = getPath(doc, `${FLAT}.factor`);
  if (getPath(doc, `${DATA}.factor`) === undefined && nonEmptyString(factor)) putPath(doc, `${DATA}.factor`, factor);
  const reasons = getPath(doc, `${FLAT}.risk.reasons`);
  if (getPath(doc, `${DATA}.risk_reasons`) === undefined && reasons !== undefined && reasons !== '') putPath(doc, `${DATA}.risk_reasons`, splitReasons(reasons));
  const behaviors = getPath(doc, `${FLAT}.behaviors`);
  if (isJsonObject(behaviors)) {
    const positive = Object.entries(behaviors).filter(([, value]) => value === 'POSITIVE').map(([key]) => key);
    if (positive.length > 0) putPath(doc, `${DATA}.risk_behaviors`, positive);
  }
}

/** Writes the debug fields of `debugData` (already pruned of null/empty values) into `doc`. */
export function mapDebugData(doc: Doc, debugData: unknown): void {
  if (!isJsonObject(debugData)) return;
  try {
    debugSteps(doc, debugData as Doc);
  } catch (error) {
    if (!(error instanceof ProcessorFailure)) throw error;
    putPath(doc, 'event.kind', 'pipeline_error');
    const messages = getPath(doc, 'error.message');
    putPath(doc, 'error.message', [...(Array.isArray(messages) ? (messages as unknown[]) : []), error.message]);
  }
}
