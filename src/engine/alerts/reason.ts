import { jsText } from '../json/js-text.ts';
import { getPath } from './source-path.ts';

/**
 * `kibana.alert.reason`, worded as Kibana's `buildReasonMessageUtil` (rule_types/utils/
 * reason_formatters.ts) words it. Every rule type (query, EQL, new terms, threshold) shares the
 * one message, so one function serves all. Fields are read from the source document with
 * lodash-`get` semantics.
 *
 * Kibana quirks kept on purpose, so reasons compare equal to real alerts:
 * - a value is shown only when it has a non-zero `length`: strings and arrays. Numbers and
 *   booleans (e.g. `source.port: 443` in `_source`) are left out; arrays are joined with ", ";
 * - `"-"` and `["-"]` count as absent;
 * - the message is an ICU `select`, so a value whose text is `null` counts as absent too.
 */
export function buildReasonMessage(ruleName: string, severity: string, source: unknown): string {
  const read = (path: string) => templateValue(getPath(source, path));
  const category = read('event.category');
  const processName = read('process.name');
  const parentName = read('process.parent.name');
  const fileName = read('file.name');
  const sourceAddress = read('source.ip');
  const sourcePort = read('source.port');
  const destinationAddress = read('destination.ip');
  const destinationPort = read('destination.port');
  const userName = read('user.name');
  const hostName = read('host.name');
  const fieldsOfInterest = [processName, parentName, fileName, sourceAddress, sourcePort, destinationAddress, destinationPort];
  const hasFieldOfInterest = fieldsOfInterest.some((value) => value !== null);

  let text = shown(category) ? `${category} event` : 'event';
  if (hasFieldOfInterest) text += ' with';
  if (shown(processName)) text += ` process ${processName},`;
  if (shown(parentName)) text += ` parent process ${parentName},`;
  if (shown(fileName)) text += ` file ${fileName},`;
  if (shown(sourceAddress)) text += ` source ${sourceAddress}`;
  if (shown(sourcePort)) text += `:${sourcePort},`;
  if (shown(destinationAddress)) text += ` destination ${destinationAddress}`;
  if (shown(destinationPort)) text += `:${destinationPort},`;
  if (shown(userName)) text += ` by ${userName}`;
  if (shown(hostName)) text += ` on ${hostName}`;
  return `${text} created ${severity} alert ${ruleName}.`;
}

/** Kibana's `getFieldTemplateValue`: the text to show, or null. */
function templateValue(value: unknown): string | null {
  if (!value) return null;
  const length = (value as { length?: unknown }).length;
  if (!length) return null;
  if (length === 1 && (value as ArrayLike<unknown>)[0] === '-') return null;
  return jsText(value, ', ');
}

/** ICU `select` picks the `null` branch for null and for the text "null". */
function shown(value: string | null): value is string {
  return value !== null && value !== 'null';
}
