/** ECS building blocks shared by sources. */

/** The last path component (`/bin/zsh` → `zsh`); the whole text when there is no slash. */
export function basename(path: string): string {
  const trimmed = path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** `file.{path,name,directory,extension}` of a POSIX path, as agents fill them. */
export function fileFields(path: string): Record<string, string> {
  const name = basename(path);
  const slash = path.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  return {
    path,
    name,
    ...(slash >= 0 ? { directory: slash === 0 ? '/' : path.slice(0, slash) } : {}),
    ...(dot > 0 && dot < name.length - 1 ? { extension: name.slice(dot + 1) } : {}),
  };
}

/**
 * An ISO-8601 time with millisecond precision (as Elastic's agents write `@timestamp`): finer
 * fractions (eslogger prints nanoseconds) are cut, a missing fraction is `.000`. Undefined for
 * text that is not such a time.
 */
export function isoMillis(text: string): string | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)$/.exec(text);
  if (!match) return undefined;
  const fraction = (match[2] ?? '').slice(0, 3).padEnd(3, '0');
  const iso = `${match[1]}.${fraction}${match[3]}`;
  const millis = Date.parse(iso);
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of the text's UTF-8 bytes (Elastic Defend's entity ids are base64 of `agent-pid-start`). */
export function base64Text(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += BASE64[a >> 2]! + BASE64[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : BASE64[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : BASE64[c & 63]!;
  }
  return out;
}

/** The `data_stream` of an event and the matching `event.dataset`/`event.module`, as Fleet writes them. */
export function dataStream(dataset: string, module: string, namespace = 'default'): { data_stream: Record<string, string>; event: Record<string, string> } {
  return { data_stream: { type: 'logs', dataset, namespace }, event: { dataset, module } };
}
