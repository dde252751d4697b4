/** One uap-core parser: [pattern, flags, name replacement, v1..v4 replacements]; absent = null or left off. */
export type UaRow = readonly [string, string, ...(string | null)[]];
