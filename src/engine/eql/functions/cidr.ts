import { cidrContains, parseIp, type CidrBlock } from '../../fields/values.ts';
import { textOf, type EqlValue } from '../values.ts';

/** `cidrMatch(ip, cidr...)`: true when the address lies in any block; null for a null address, false for a non-address. */
export function cidrMatch(source: EqlValue, blocks: readonly CidrBlock[]): EqlValue {
  const text = textOf(source);
  if (text === null) return null;
  const address = parseIp(text);
  if (address === null) return false;
  return blocks.some((block) => cidrContains(block, address));
}
