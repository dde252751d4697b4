/**
 * What Elasticsearch's painless `toString()` makes of parsed JSON, which the aws.cloudtrail
 * pipeline stores in `aws.cloudtrail.request_parameters` (and `response_elements`,
 * `additional_eventdata`, `service_event_details`), and which rules match with wildcards.
 *
 * The `json` processor parses objects into java.util.HashMap, so keys come out in HashMap
 * iteration order, not the record's: by bucket (`(h ^ h >>> 16) & (capacity - 1)`, h being
 * String.hashCode), then in insertion order within a bucket. The capacity starts at 16 and doubles
 * whenever the map grows past 3/4 of it, and never shrinks (keys the pipeline drops later do not
 * change it). `AbstractMap.toString` writes `{k=v, k2=v2}`, lists are `[a, b]`, numbers as
 * Integer/Long/Double print. (Treeified buckets, 8+ colliding keys, are not modelled.)
 */

/** Java's String.hashCode over UTF-16 code units. */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

function capacityFor(size: number): number {
  let capacity = 16;
  while (size > capacity * 0.75) capacity *= 2;
  return capacity;
}

/** The keys of a java.util.HashMap built by inserting `keys` in this order, in its iteration order. */
export function hashMapOrder(keys: readonly string[]): string[] {
  const mask = capacityFor(keys.length) - 1;
  const bucket = (key: string) => {
    const hash = javaStringHash(key);
    return (hash ^ (hash >>> 16)) & mask;
  };
  return keys
    .map((key, insertion) => ({ key, insertion, bucket: bucket(key) }))
    .sort((a, b) => a.bucket - b.bucket || a.insertion - b.insertion)
    .map(({ key }) => key);
}

/** Java's Double.toString: plain between 10^-3 and 10^7, else d.dddE±n; always a fractional digit. */
function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/**
 * A parsed JSON value as painless prints it. Objects must already hold their keys in HashMap
 * order (see `javaOrdered`); integral numbers print as Integer/Long, others as Double.
 */
export function javaToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => javaToString(item)).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${key}=${javaToString(item)}`).join(', ')}}`;
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? value.toFixed(0) : javaDouble(value);
  return String(value);
}
