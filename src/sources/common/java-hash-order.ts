/**
 * The order a `java.util.HashMap` iterates its keys in. Elasticsearch's ingest processors build
 * their maps as HashMaps (`kv`, a painless `new HashMap()`), so a pipeline that loops over one
 * writes arrays in this order: the Sysmon pipeline's `related.hash` from `SHA1=…,MD5=…,SHA256=…`
 * is `[sha256, sha1, md5]`. Rules that read an array by position (rare) need the same order.
 */

/** `String.hashCode` (UTF-16 code units, 32-bit wrap-around). */
function javaStringHash(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(31, hash) + key.charCodeAt(i)) | 0;
  return hash;
}

/**
 * Distinct keys, given in insertion order, in HashMap iteration order: by bucket (the hash with
 * its high half folded in, modulo a table of 16 doubled while the map is more than 3/4 full),
 * insertion order within a bucket. Buckets of 8 or more keys (trees) are not modelled.
 */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  let capacity = 16;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const bucket = (key: string) => {
    const h = javaStringHash(key);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keys
    .map((key, index) => ({ key, index, bucket: bucket(key) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((entry) => entry.key);
}
