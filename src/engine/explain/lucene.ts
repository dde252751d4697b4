/**
 * Explaining a Lucene (`query_string`) match: the query's clauses are walked and each one is
 * tested with the Lucene compiler itself, so the explanation cannot disagree with the matcher.
 * MUST clauses all held; MUST_NOT clauses are reported as `NOT x` (x did not hold); SHOULD clauses
 * are reported when they decided the match (no MUST clause) and held.
 */
import { ECS_SCHEMA, type FieldSchema } from '../fields/schema.ts';
import type { FieldScope } from '../kql/field/targets.ts';
import type { LuceneNode } from '../lucene/ast.ts';
import { compileLuceneInScope, fieldSpec, type LuceneContext } from '../lucene/compile.ts';
import { printLucene } from '../lucene/printer.ts';
import type { EventDoc } from '../query/event.ts';
import { ExplanationBuilder, type ClauseSink, type MatchExplanation } from './explanation.ts';
import { candidateFields } from './field-candidates.ts';

export interface LuceneExplainOptions {
  readonly schema?: FieldSchema;
  /** As for compileLucene: `now` in date math, `analyze_wildcard` (default true), the default field (default `*`). */
  readonly now?: number;
  readonly analyzeWildcard?: boolean;
  readonly defaultField?: string | null;
}

/** Null when the query does not match the event. */
export function explainLucene(node: LuceneNode, event: EventDoc, options: LuceneExplainOptions = {}): MatchExplanation | null {
  const schema = options.schema ?? ECS_SCHEMA;
  const context: LuceneContext = { now: options.now ?? Date.now(), analyzeWildcard: options.analyzeWildcard ?? true };
  const explainer = new LuceneExplainer({ schema, prefix: '' }, context, options.defaultField ?? null);
  if (!explainer.holds(node, event)) return null;
  const builder = new ExplanationBuilder();
  explainer.explain(node, event, builder);
  return builder.finish(event, schema);
}

export class LuceneExplainer {
  constructor(
    private readonly scope: FieldScope,
    private readonly context: LuceneContext,
    private readonly defaultField: string | null,
  ) {}

  holds(node: LuceneNode, doc: EventDoc): boolean {
    return compileLuceneInScope(node, this.scope, this.context, this.defaultField, []).test(doc);
  }

  /** Reports the clauses of `node` (which holds on `doc`) that made it hold. */
  explain(node: LuceneNode, doc: EventDoc, sink: ClauseSink): void {
    if (node.type !== 'bool') {
      sink.add(printLucene(node), node.type === 'match_all' ? [] : this.leafFields(node, doc));
      return;
    }
    const must = node.clauses.filter((clause) => clause.occur === 'must');
    for (const clause of must) this.explain(clause.query, doc, sink);
    for (const clause of node.clauses) {
      if (clause.occur !== 'must_not') continue;
      const text = printLucene(clause.query);
      sink.add(`NOT ${clause.query.type === 'bool' ? `(${text})` : text}`, this.fieldsRead(clause.query));
    }
    // Next to MUST clauses, SHOULD clauses only score: they did not decide the match.
    if (must.length > 0) return;
    for (const clause of node.clauses) {
      if (clause.occur === 'should' && this.holds(clause.query, doc)) this.explain(clause.query, doc, sink);
    }
  }

  /** The fields a leaf that held read: its field, or those of a pattern / every field on which it holds. */
  private leafFields(node: Exclude<LuceneNode, { type: 'bool' | 'match_all' }>, doc: EventDoc): string[] {
    const spec = fieldSpec(node.field ?? this.defaultField);
    const prefix = this.scope.prefix;
    if (spec.kind === 'name') return [prefix + spec.name];
    return candidateFields(spec, doc)
      .filter((name) => this.holds({ ...node, field: name }, doc))
      .map((name) => prefix + name);
  }

  private fieldsRead(node: LuceneNode): string[] {
    const fields: string[] = [];
    compileLuceneInScope(node, this.scope, this.context, this.defaultField, fields);
    return fields;
  }
}
