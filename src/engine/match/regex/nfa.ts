/**
 * Thompson construction from the parsed regex to an NFA over code point sets. Complement and
 * intersection are determinised on the spot and spliced back in as DFA fragments.
 */
import { appendAll } from '../../append-all.ts';
import type { RegexNode } from './ast.ts';
import { classRange, reachableAlphabet, type Alphabet, type Edge, type NfaGraph } from './automaton.ts';
import { ANY_CHAR, caseAlternates, charRange, unionSets, type CharSet } from './charset.ts';
import { complementDfa, determinize, intersectDfas, liveStates, type Dfa } from './dfa.ts';
import { RegexTooComplexError } from './syntax-error.ts';

/**
 * Bounds the NFA (and so the cost of determinising it), so huge counted repetitions are rejected as
 * Elasticsearch rejects them, if at a different threshold.
 */
export const MAX_NFA_STATES = 20_000;

export interface Nfa extends NfaGraph {
  readonly start: number;
  readonly accept: number;
}

interface Fragment {
  readonly start: number;
  readonly end: number;
}

/** `maxStates` bounds the determinisation of `~` and `&` operands (see dfa.ts). */
export function buildNfa(root: RegexNode, caseInsensitive: boolean, maxStates: number): Nfa {
  const builder = new NfaBuilder(caseInsensitive, maxStates);
  const { start, end } = builder.build(root);
  return { start, accept: end, epsilons: builder.epsilons, edges: builder.edges };
}

class NfaBuilder {
  readonly epsilons: number[][] = [];
  readonly edges: Edge[][] = [];
  /** Pattern offset of the construct being built, for "too complex" errors. */
  private offset = 0;

  constructor(
    private readonly caseInsensitive: boolean,
    private readonly maxStates: number,
  ) {}

  build(node: RegexNode): Fragment {
    switch (node.kind) {
      case 'chars': {
        const start = this.state();
        const end = this.state();
        this.edge(start, node.set, end);
        return { start, end };
      }
      case 'literal':
        return this.literal(node.text);
      case 'concat':
        return node.parts.map((part) => this.build(part)).reduce((left, right) => this.chain(left, right));
      case 'union': {
        const start = this.state();
        const end = this.state();
        for (const option of node.options) {
          const fragment = this.build(option);
          this.epsilon(start, fragment.start);
          this.epsilon(fragment.end, end);
        }
        return { start, end };
      }
      case 'repeat':
        return this.within(node.offset, () => this.repeat(node.of, node.min, node.max));
      case 'nothing':
        return { start: this.state(), end: this.state() };
      case 'anything': {
        const loop = this.state();
        const end = this.state();
        this.edge(loop, ANY_CHAR, loop);
        this.epsilon(loop, end);
        return { start: loop, end };
      }
      case 'complement':
        return this.within(node.offset, () => {
          const inner = this.build(node.of);
          const alphabet = reachableAlphabet(this, [inner.start]);
          const dfa = determinize(this, inner.start, inner.end, alphabet, node.offset, this.maxStates);
          return this.splice(complementDfa(dfa), alphabet);
        });
      case 'intersection':
        return this.within(node.offset, () => {
          const left = this.build(node.left);
          const right = this.build(node.right);
          const alphabet = reachableAlphabet(this, [left.start, right.start]);
          const leftDfa = determinize(this, left.start, left.end, alphabet, node.offset, this.maxStates);
          const rightDfa = determinize(this, right.start, right.end, alphabet, node.offset, this.maxStates);
          return this.splice(intersectDfas(leftDfa, rightDfa, node.offset, this.maxStates), alphabet);
        });
    }
  }

  private literal(text: string): Fragment {
    const start = this.state();
    let end = start;
    for (const symbol of text) {
      const codePoint = symbol.codePointAt(0) ?? 0;
      const next = this.state();
      this.edge(end, this.caseInsensitive ? caseAlternates(codePoint) : charRange(codePoint, codePoint), next);
      end = next;
    }
    return { start, end };
  }

  private repeat(of: RegexNode, min: number, max: number): Fragment {
    let fragment: Fragment = this.literal('');
    for (let count = 0; count < min; count++) fragment = this.chain(fragment, this.build(of));
    if (max === Infinity) {
      const loop = this.state();
      const body = this.build(of);
      this.epsilon(loop, body.start);
      this.epsilon(body.end, loop);
      return this.chain(fragment, { start: loop, end: loop });
    }
    // x{2,4} is xx(x(x)?)?: each optional copy may be skipped straight to the end.
    const end = this.state();
    let tail = fragment.end;
    for (let count = min; count < max; count++) {
      const body = this.build(of);
      this.epsilon(tail, end);
      this.epsilon(tail, body.start);
      tail = body.end;
    }
    this.epsilon(tail, end);
    return { start: fragment.start, end };
  }

  /** A DFA as an NFA fragment: one state per live DFA state, accepting states lead to the end. */
  private splice(dfa: Dfa, alphabet: Alphabet): Fragment {
    const live = liveStates(dfa);
    const end = this.state();
    const states = live.map((isLive) => (isLive ? this.state() : -1));
    const start = states[0] !== undefined && states[0] >= 0 ? states[0] : this.state();
    states.forEach((from, source) => {
      if (from < 0) return;
      // The classes leading to each live target, as one code point set per target.
      const byTarget = new Map<number, number[]>();
      for (let index = 0; index < dfa.classes; index++) {
        const target = states[dfa.next[source * dfa.classes + index] ?? 0] ?? -1;
        if (target < 0) continue;
        const ranges = byTarget.get(target) ?? [];
        appendAll(ranges, classRange(alphabet, index));
        byTarget.set(target, ranges);
      }
      for (const [target, ranges] of byTarget) this.edge(from, unionSets([ranges]), target);
      if (dfa.accepting[source]) this.epsilon(from, end);
    });
    return { start, end };
  }

  private chain(left: Fragment, right: Fragment): Fragment {
    this.epsilon(left.end, right.start);
    return { start: left.start, end: right.end };
  }

  private within(offset: number, build: () => Fragment): Fragment {
    const outer = this.offset;
    this.offset = offset;
    const fragment = build();
    this.offset = outer;
    return fragment;
  }

  private state(): number {
    if (this.edges.length >= MAX_NFA_STATES) {
      throw new RegexTooComplexError(`regex too complex: more than ${MAX_NFA_STATES} automaton states before determinizing`, this.offset);
    }
    this.epsilons.push([]);
    this.edges.push([]);
    return this.edges.length - 1;
  }

  private epsilon(from: number, to: number): void {
    this.epsilons[from]?.push(to);
  }

  private edge(from: number, set: CharSet, to: number): void {
    this.edges[from]?.push({ set, to });
  }
}
