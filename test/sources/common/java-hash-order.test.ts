/** Java HashMap iteration order, from what Elasticsearch's pipelines visibly produce. */
import { describe, expect, it } from 'vitest';
import { javaHashMapOrder } from '../../../src/sources/common/java-hash-order.ts';

describe('javaHashMapOrder', () => {
  it.each([
    // The Sysmon goldens' related.hash (sysmon-12-loadimage, sysmon-11-filedelete): kv over Hashes, then a loop over the map.
    [['SHA1', 'MD5', 'SHA256', 'IMPHASH'], ['SHA256', 'SHA1', 'MD5', 'IMPHASH']],
    [['MD5', 'IMPHASH'], ['MD5', 'IMPHASH']],
    [['IMPHASH', 'MD5'], ['IMPHASH', 'MD5']],
    // "a" (97) and "b" (98) hash to buckets 1 and 2; "" to 0.
    [['b', 'a', ''], ['', 'a', 'b']],
  ])('%j → %j', (keys, order) => {
    expect(javaHashMapOrder(keys)).toEqual(order);
  });

  it('a map past 12 keys has a table of 32', () => {
    // "0".."9" hash to 48..57, "a".."c" to 97..99: buckets 16..25 and 1..3 of 32 (of 16 they would interleave).
    const keys = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c'];
    expect(javaHashMapOrder(keys)).toEqual(['a', 'b', 'c', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });
});
