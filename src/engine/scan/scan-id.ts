/**
 * The scan id both hosts give a scan: a hash of what was read (each input's name, size and
 * modification time), the rule texts and the options that change what is read or routed. The
 * same scan repeated gets the same id, so its new-terms commit is recognised as already applied;
 * any change (a new rule, an edited file) gives a new id, so its sightings are never skipped as
 * "already committed". The CLI names inputs by absolute path, the app by the dropped path.
 */
import { sha256Hex } from '../alerts/sha256.ts';

export interface ScanInput {
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface ScanIdOptions {
  readonly ignoreIndex: boolean;
  readonly maxLineBytes: number;
  /** A host name given for raw evidence (`loupe scan --host`): it changes the mapped events. A default host comes from the input names, already hashed. */
  readonly host?: string | undefined;
  /** A raised decompression ratio limit reads more of the same files: another scan. */
  readonly maxRatio: number;
}

export function scanIdOf(inputs: readonly ScanInput[], ruleTexts: readonly string[], options: ScanIdOptions): string {
  const parts: string[] = [];
  const add = (value: unknown) => parts.push(`${JSON.stringify(value)}\n`);
  add(['loupe-scan', 2, options.ignoreIndex, options.maxLineBytes, options.maxRatio]);
  if (options.host !== undefined) add(['host', options.host]);
  for (const input of inputs) add([input.name, input.size, input.mtimeMs]);
  for (const text of [...ruleTexts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) add(text);
  const hex = sha256Hex(parts.join(''));
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
