/**
 * Elasticsearch's `minimum_should_match` specification (`Queries.calculateMinShouldMatch`):
 * `3`, `-2`, `75%`, `-25%`, and conditional forms `3<90%`, `2<-25% 9<-3`. Percentages use Java float
 * arithmetic truncated toward zero. Throws `Error` with the spec for text Elasticsearch rejects.
 */
const INTEGER = /^[+-]?\d+$/;

export function minimumShouldMatch(optionalClauses: number, spec: string): number {
  let text = spec.trim();
  if (text.includes('<')) {
    text = text.replace(/\s*<\s*/g, '<');
    let result = optionalClauses;
    for (const part of text.split(/\s+/)) {
      const [bound, rest, extra] = part.split('<');
      if (bound === undefined || rest === undefined || extra !== undefined || !INTEGER.test(bound)) throw invalid(spec);
      if (optionalClauses <= Number(bound)) return result;
      result = minimumShouldMatch(optionalClauses, rest);
    }
    return result;
  }
  let result: number;
  if (text.endsWith('%')) {
    const percentText = text.slice(0, -1);
    if (!INTEGER.test(percentText)) throw invalid(spec);
    // Java: `float calc = (result * percent) * (1 / 100f)`, then `(int) calc` (toward zero).
    const calc = Math.fround(Math.fround(optionalClauses * Number(percentText)) * Math.fround(1 / 100));
    result = calc < 0 ? optionalClauses + Math.trunc(calc) : Math.trunc(calc);
  } else {
    if (!INTEGER.test(text)) throw invalid(spec);
    const calc = Number(text);
    result = calc < 0 ? optionalClauses + calc : calc;
  }
  return result <= 0 ? 0 : result;
}

function invalid(spec: string): Error {
  return new Error(`invalid minimum_should_match [${spec}]`);
}
