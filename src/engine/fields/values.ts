/** Value coercions that mirror how Elasticsearch indexes `_source` values. API contract (implementation in progress). */

/** The keyword form of a JSON value: strings as-is, numbers and booleans as ES stringifies them. */
export declare function keywordForm(value: string | number | boolean): string;

/** A number from a JSON number or numeric string (ES coerces numeric strings); null if not numeric. */
export declare function numberForm(value: string | number | boolean): number | null;

/** Epoch milliseconds from an ISO 8601 date or epoch-millis value (ES `strict_date_optional_time||epoch_millis`); null if not a date. */
export declare function dateForm(value: string | number | boolean): number | null;

/** `true`/`false` from a boolean or the strings "true"/"false"; null otherwise. */
export declare function booleanForm(value: string | number | boolean): boolean | null;

export interface IpAddress {
  /** 4 bytes for IPv4, 16 for IPv6 (IPv4-mapped IPv6 normalised to 4). */
  readonly bytes: Uint8Array;
}
export declare function parseIp(text: string): IpAddress | null;

export interface CidrBlock {
  readonly network: IpAddress;
  readonly prefixLength: number;
}
/** `10.0.0.0/8`, `fe80::/10`, or a single address (full-length prefix); null if invalid. */
export declare function parseCidr(text: string): CidrBlock | null;
export declare function cidrContains(block: CidrBlock, address: IpAddress): boolean;
export declare function compareIp(a: IpAddress, b: IpAddress): number;
