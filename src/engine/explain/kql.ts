/**
 * Explaining a KQL match: the AST is walked and every node is tested with the KQL compiler itself
 * (explaining is rare, one alert at a time; the hot path stays compiled), so the explanation cannot
 * disagree with the matcher. `and`: every argument; `or`: the arguments that held (a value list
 * `f:(a or b)` gives the value that matched); `not x`: `NOT x`, which held because x did not;
 * `path:{ q }`: q's clauses in each object of `path` where q held, as `path: { clause }`.
 */
import { ECS_SCHEMA, type FieldSchema } from '../fields/schema.ts';
import { isLoneWildcard, valueText, type KqlIs, type KqlNode, type KqlValue, type KqlWildcard } from '../kql/ast.ts';
import { compileKql, fieldSpecOf, wildcardQueryString } from '../kql/compile.ts';
import { compileObjectGetter } from '../kql/field/objects.ts';
import { printKql, printValue } from '../kql/printer.ts';
import { parseLucene } from '../lucene/parser.ts';
import type { EventDoc } from '../query/event.ts';
import { ExplanationBuilder, type ClauseSink, type MatchExplanation } from './explanation.ts';
import { candidateFields } from './field-candidates.ts';
import { LuceneExplainer } from './lucene.ts';
import { appendAll } from '../append-all.ts';

export interface KqlExplainOptions {
  readonly schema?: FieldSchema;
  /** Epoch ms for `now` in date math: the one the matcher was compiled with. */
  readonly now?: number;
}

type Leaf = Exclude<KqlNode, { type: 'and' | 'or' | 'not' | 'nested' }>;
type Wrap = (clause: string) => string;

/** Null when the query does not match the event. */
export function explainKql(node: KqlNode, event: EventDoc, options: KqlExplainOptions = {}): MatchExplanation | null {
  const schema = options.schema ?? ECS_SCHEMA;
  const explainer = new KqlExplainer(schema, options.now ?? Date.now());
  if (!explainer.holds(node, '', event)) return null;
  const builder = new ExplanationBuilder();
  explainer.explain(node, '', event, builder, (clause) => clause);
  return builder.finish(event, schema);
}

class KqlExplainer {
  constructor(
    private readonly schema: FieldSchema,
    private readonly now: number,
  ) {}

  /** `prefix`: the nested path (with its dot) `doc` is an object of; '' at top level. */
  holds(node: KqlNode, prefix: string, doc: EventDoc): boolean {
    return this.compile(node, prefix).matches(doc);
  }

  explain(node: KqlNode, prefix: string, doc: EventDoc, sink: ClauseSink, wrap: Wrap): void {
    switch (node.type) {
      case 'and':
        for (const arg of node.args) this.explain(arg, prefix, doc, sink, wrap);
        return;
      case 'or':
        for (const arg of node.args) if (this.holds(arg, prefix, doc)) this.explain(arg, prefix, doc, sink, wrap);
        return;
      case 'not':
        sink.add(wrap(printKql(node)), this.compile(node.arg, prefix).fields);
        return;
      case 'nested': {
        const path = valueText(node.path);
        const inner = `${prefix}${path}.`;
        const inside: Wrap = (clause) => wrap(`${printValue(node.path)}: { ${clause} }`);
        for (const object of compileObjectGetter(path)(doc)) {
          if (this.holds(node.query, inner, object)) this.explain(node.query, inner, object, sink, inside);
        }
        return;
      }
      default:
        sink.add(wrap(printKql(node)), this.leafFields(node, prefix, doc));
    }
  }

  /** The fields a leaf that held read: its field, or those of a pattern / every field on which it holds. */
  private leafFields(node: Leaf, prefix: string, doc: EventDoc): string[] {
    if (node.type === 'is' && isLoneWildcard(node.value) && fieldSpecOf(node.field).kind === 'all') return []; // `*:*`
    if (node.type === 'is' && isBareWildcard(node)) return this.bareWildcardFields(node, prefix, doc);
    const spec = fieldSpecOf(node.field);
    if (spec.kind === 'name') return [prefix + spec.name];
    return candidateFields(spec, doc)
      .filter((name) => this.holds({ ...node, field: fieldNamed(name) }, prefix, doc))
      .map((name) => prefix + name);
  }

  /** A bare wildcard value runs as a `query_string` over every field (kql/compile.ts): explain that query. */
  private bareWildcardFields(node: KqlIs & { value: KqlWildcard }, prefix: string, doc: EventDoc): string[] {
    const fields: string[] = [];
    const explainer = new LuceneExplainer({ schema: this.schema, prefix }, { now: this.now, analyzeWildcard: false }, null);
    explainer.explain(parseLucene(wildcardQueryString(node.value.segments)), doc, { add: (_clause, read) => appendAll(fields, read) });
    return fields;
  }

  private compile(node: KqlNode, prefix: string) {
    return compileKql(node, { schema: this.schema, now: this.now, scopePrefix: prefix });
  }
}

function isBareWildcard(node: KqlIs): node is KqlIs & { value: KqlWildcard } {
  return node.value.type === 'wildcard' && (node.field === null || (node.field.type === 'literal' && node.field.value === null));
}

function fieldNamed(name: string): KqlValue {
  return { type: 'literal', value: name, quoted: false };
}
