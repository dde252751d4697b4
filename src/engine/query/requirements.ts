/**
 * What every event matching a query must contain, so a scan can skip raw lines that cannot match
 * without parsing them (ripgrep's literal prefilter). A requirement is a boolean formula over
 * literals; `true` means "no constraint". Literals are value-level text (before JSON escaping):
 * the prefilter decides how to look for them in raw JSON, and lines with escapes take the safe path.
 */
import { appendAll } from '../append-all.ts';
export type Requirement =
  | { readonly kind: 'true' }
  | { readonly kind: 'literal'; readonly text: string; readonly caseInsensitive: boolean }
  | { readonly kind: 'and'; readonly of: readonly Requirement[] }
  | { readonly kind: 'or'; readonly of: readonly Requirement[] };

export const NO_REQUIREMENT: Requirement = { kind: 'true' };

export function literal(text: string, caseInsensitive: boolean): Requirement {
  // An empty literal is contained in every line: it constrains nothing.
  return text === '' ? NO_REQUIREMENT : { kind: 'literal', text, caseInsensitive };
}

export function allOf(parts: readonly Requirement[]): Requirement {
  const kept: Requirement[] = [];
  for (const part of parts) {
    if (part.kind === 'true') continue;
    if (part.kind === 'and') appendAll(kept, part.of);
    else kept.push(part);
  }
  if (kept.length === 0) return NO_REQUIREMENT;
  return kept.length === 1 ? kept[0]! : { kind: 'and', of: kept };
}

export function anyOf(parts: readonly Requirement[]): Requirement {
  const kept: Requirement[] = [];
  for (const part of parts) {
    // One unconstrained branch makes the whole disjunction unconstrained.
    if (part.kind === 'true') return NO_REQUIREMENT;
    if (part.kind === 'or') appendAll(kept, part.of);
    else kept.push(part);
  }
  if (kept.length === 0) return NO_REQUIREMENT;
  return kept.length === 1 ? kept[0]! : { kind: 'or', of: kept };
}

/** Whether a raw text satisfies a requirement (the slow reference check used by tests and by the prefilter's safe path). */
export function textSatisfies(requirement: Requirement, text: string): boolean {
  switch (requirement.kind) {
    case 'true':
      return true;
    case 'literal':
      return requirement.caseInsensitive
        ? text.toLowerCase().includes(requirement.text.toLowerCase())
        : text.includes(requirement.text);
    case 'and':
      return requirement.of.every((part) => textSatisfies(part, text));
    case 'or':
      return requirement.of.some((part) => textSatisfies(part, text));
  }
}
