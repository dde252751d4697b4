/**
 * The audit schema's list-shaped properties turned into objects, as the o365 module does so their
 * entries are queryable by name (`o365.audit.Parameters.ForwardTo`,
 * `o365.audit.ModifiedProperties.Role_DisplayName.NewValue`). A name's spaces and dots become `_`;
 * a name given twice keeps every value as a list. A property that is a string (PowerShell-style
 * `-Name "value"` text) is kept whole under `._raw`.
 */
import { getOwn, hasOwnKey, isRecord, setOwn } from '../../engine/json/own-record.ts';
import type { Doc } from '../common/doc.ts';

export function fieldName(name: string): string {
  return name.replace(/[ .]/g, '_');
}

/** `[{Name, Value}, …]` → `{Name: Value, …}`; pairs without a name or value are left out. */
export function nameValueObject(list: readonly unknown[]): Doc {
  const out: Doc = {};
  for (const item of list) {
    if (!isRecord(item)) continue;
    const name = item['Name'];
    const value = item['Value'];
    if (typeof name !== 'string' || value === undefined || value === null) continue;
    const key = fieldName(name);
    const existing = getOwn(out, key);
    if (!hasOwnKey(out, key)) setOwn(out, key, value);
    else if (Array.isArray(existing)) existing.push(value);
    // The module's quirk, kept: the second value of a repeated name replaces the first, as a one-element list.
    else setOwn(out, key, [value]);
  }
  return out;
}

/** `[{Name, OldValue, NewValue}, …]` → `{Name: {NewValue, OldValue}, …}`; entries lacking either value are left out. */
export function modifiedPropertiesObject(list: readonly unknown[]): Doc {
  const out: Doc = {};
  for (const item of list) {
    if (!isRecord(item)) continue;
    const name = item['Name'];
    const newValue = item['NewValue'];
    const oldValue = item['OldValue'];
    if (typeof name !== 'string' || newValue === undefined || newValue === null || oldValue === undefined || oldValue === null) continue;
    const key = fieldName(name);
    const existing = getOwn(out, key);
    if (!isRecord(existing)) setOwn(out, key, { NewValue: newValue, OldValue: oldValue });
    else if (Array.isArray(existing['NewValue'])) {
      (existing['NewValue'] as unknown[]).push(newValue);
      (existing['OldValue'] as unknown[]).push(oldValue);
    } else {
      // The module's quirk, kept: a repeated name keeps only the later values, as one-element lists.
      existing['NewValue'] = [newValue];
      existing['OldValue'] = [oldValue];
    }
  }
  return out;
}

/** `AlertLinks` `[{AlertLinkHref}, …]` → the links (one link as a string); undefined when none. */
export function alertLinks(list: readonly unknown[]): string | string[] | undefined {
  const links = list.flatMap((item) => {
    const href = isRecord(item) ? item['AlertLinkHref'] : undefined;
    return typeof href === 'string' && href !== '' ? [href] : [];
  });
  return links.length === 0 ? undefined : links.length === 1 ? links[0] : links;
}

/** A list property as an object, a string one under `_raw`; an empty result is dropped. */
export function reshape(value: unknown, toObject: (list: readonly unknown[]) => Doc): unknown {
  if (typeof value === 'string') return { _raw: value };
  if (!Array.isArray(value)) return value;
  const object = toObject(value);
  return Object.keys(object).length === 0 ? undefined : object;
}
