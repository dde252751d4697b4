/**
 * The concrete fields a leaf with a field pattern (`process.*:x`) or no field (bare values, Lucene's
 * default field `*`) may have matched on: the document's own leaf fields that fit, enumerated as the
 * compiled matcher enumerates them (kql/field/targets.ts). The explainers then test the leaf on each
 * one by substituting the concrete name, so the compiled leaf decides which fields count.
 */
import type { FieldSpec } from '../kql/field/targets.ts';
import { listLeafFields } from '../kql/field/document-fields.ts';
import { compileGlob } from '../match/glob.ts';
import type { EventDoc } from '../query/event.ts';

export function candidateFields(spec: FieldSpec, doc: EventDoc): string[] {
  if (spec.kind === 'name') return [spec.name];
  const leaves = listLeafFields(doc);
  if (spec.kind === 'all') return leaves;
  const fits = compileGlob(spec.segments, { caseInsensitive: false });
  return leaves.filter(fits);
}
