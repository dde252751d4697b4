/**
 * The distinct literals of all rules' requirements, each with the text to look for in a raw line:
 * its JSON encoding (lower-cased for case-insensitive literals, which are then looked for in the
 * lower-cased line). A case-insensitive literal with non-ASCII characters constrains nothing: the
 * matchers fold it with Unicode case rules that a text search cannot follow cheaply.
 */
import type { Requirement } from '../query/requirements.ts';
import { isAscii, jsonEncoded } from './json-text.ts';

export interface PrefilterLiteral {
  readonly id: number;
  /** What to look for: the JSON encoding, lower-cased when `caseInsensitive`. */
  readonly needle: string;
  readonly caseInsensitive: boolean;
}

/** A requirement over literal ids; `null` stands for "no constraint". */
export type LiteralFormula =
  | { readonly kind: 'literal'; readonly id: number }
  | { readonly kind: 'and' | 'or'; readonly of: readonly LiteralFormula[] };

export class LiteralTable {
  readonly literals: PrefilterLiteral[] = [];
  private readonly byKey = new Map<string, number>();

  /** The requirement as a formula over this table's literals, or null when it constrains nothing. */
  formula(requirement: Requirement): LiteralFormula | null {
    switch (requirement.kind) {
      case 'true':
        return null;
      case 'literal':
        if (requirement.caseInsensitive && !isAscii(requirement.text)) return null;
        return { kind: 'literal', id: this.add(requirement.text, requirement.caseInsensitive) };
      case 'and': {
        const parts = requirement.of.map((part) => this.formula(part)).filter((part) => part !== null);
        return parts.length === 0 ? null : parts.length === 1 ? parts[0]! : { kind: 'and', of: parts };
      }
      case 'or': {
        const parts = requirement.of.map((part) => this.formula(part));
        if (parts.some((part) => part === null)) return null;
        const kept = parts as LiteralFormula[];
        return kept.length === 1 ? kept[0]! : { kind: 'or', of: kept };
      }
    }
  }

  private add(text: string, caseInsensitive: boolean): number {
    const encoded = jsonEncoded(text);
    const needle = caseInsensitive ? encoded.toLowerCase() : encoded;
    const key = `${caseInsensitive ? 'i' : 's'}${needle}`;
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.literals.length;
      this.byKey.set(key, id);
      this.literals.push({ id, needle, caseInsensitive });
    }
    return id;
  }
}
