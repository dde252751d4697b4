/**
 * Literal substrings that every match of a regex must contain, for the scan prefilter. Conservative:
 * it may find fewer than exist (often none), never one a match could lack.
 */
import type { RegexNode } from './ast.ts';
import { caseAlternates } from './charset.ts';
import { appendAll } from '../../append-all.ts';

interface Facts {
  /** The one string the node matches, when it is a fixed string. */
  readonly exact: string | undefined;
  readonly required: readonly string[];
}

const NONE: Facts = { exact: undefined, required: [] };

export function requiredLiterals(root: RegexNode, caseInsensitive: boolean): string[] {
  const { exact, required } = facts(root);
  const literals = exact !== undefined ? [exact] : required;
  const pieces = caseInsensitive ? literals.flatMap(splitAtUnevenFolds) : literals;
  return [...new Set(pieces.filter((piece) => piece !== ''))];
}

function facts(node: RegexNode): Facts {
  switch (node.kind) {
    case 'literal':
      return { exact: node.text, required: [node.text] };
    case 'concat':
      return concatFacts(node.parts.map(facts));
    case 'union': {
      const options = node.options.map(facts);
      const [first, ...rest] = options;
      if (!first) return NONE;
      if (first.exact !== undefined && rest.every((option) => option.exact === first.exact)) return first;
      const required = first.required.filter((text) => rest.every((option) => option.required.includes(text)));
      return { exact: undefined, required };
    }
    case 'repeat': {
      if (node.min === 0) return NONE;
      const inner = facts(node.of);
      if (inner.exact === undefined) return { exact: undefined, required: inner.required };
      const required = inner.exact.repeat(node.min);
      return { exact: node.min === node.max ? required : undefined, required: [required] };
    }
    case 'intersection': {
      // A match of both sides contains what either side requires.
      const left = facts(node.left);
      const right = facts(node.right);
      return { exact: left.exact ?? right.exact, required: [...left.required, ...right.required] };
    }
    case 'chars':
    case 'complement':
    case 'nothing':
    case 'anything':
      return NONE;
  }
}

/** Adjacent fixed strings join into one longer literal; other parts contribute what they require. */
function concatFacts(parts: readonly Facts[]): Facts {
  const required: string[] = [];
  let run = '';
  for (const part of parts) {
    if (part.exact !== undefined) {
      run += part.exact;
    } else {
      required.push(run);
      appendAll(required, part.required);
      run = '';
    }
  }
  required.push(run);
  const exact = parts.every((part) => part.exact !== undefined) ? run : undefined;
  return { exact, required: required.filter((text) => text !== '') };
}

/**
 * The prefilter compares case-insensitive literals by lower-casing both sides; a character with a
 * case alternate that lower-cases differently (long s ſ, dotless ı for "s" and "i") could match
 * without the lower-cased literal appearing, so literals are cut at such characters.
 */
function splitAtUnevenFolds(text: string): string[] {
  const pieces: string[] = [''];
  for (const symbol of text) {
    const codePoint = symbol.codePointAt(0) ?? 0;
    const lower = symbol.toLowerCase();
    const alternates = caseAlternates(codePoint);
    let uniform = true;
    for (let index = 0; index < alternates.length && uniform; index += 2) {
      for (let form = alternates[index] ?? 0; form <= (alternates[index + 1] ?? 0); form++) {
        if (String.fromCodePoint(form).toLowerCase() !== lower) uniform = false;
      }
    }
    if (uniform) pieces[pieces.length - 1] += symbol;
    else pieces.push('');
  }
  return pieces;
}
