/**
 * A text parser that remembers its results for texts it saw lately: the same timestamps and
 * addresses recur on event after event (and every rule reads them), so each is parsed once.
 * `parse` must be a pure function of the text, and callers must not mutate what it returns.
 * Texts longer than `maxLength` are parsed, not held (a hostile megabyte value costs no memory).
 */
export function remembered<T>(parse: (text: string) => T, maxLength = 64, limit = 4096): (text: string) => T {
  const recent = new Map<string, T>();
  return (text) => {
    if (text.length > maxLength) return parse(text);
    if (recent.has(text)) return recent.get(text)!;
    const value = parse(text);
    if (recent.size >= limit) recent.clear();
    recent.set(text, value);
    return value;
  };
}
