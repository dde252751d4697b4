import { sha256Hex } from './sha256.ts';

/**
 * A UUID-shaped id derived from text: the first 128 bits of its SHA-256, marked as an RFC 9562
 * version 8 ("vendor-specific") UUID. Used where Kibana has a random or saved-object UUID that
 * an offline run cannot know (a rule without `id`, an execution id), so repeated runs agree.
 */
export function uuidFromText(text: string): string {
  const hex = sha256Hex(text);
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
