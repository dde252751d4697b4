/** The scan summary's coverage lines: how many rules could see the evidence, and (--coverage) why each other one could not. */
import type { ScanStats } from '../engine/detect/contract.ts';
import { evidenceCoverage } from '../engine/output/evidence-coverage.ts';
import { formatCount, plural } from '../engine/output/plural.ts';
import type { CatalogueEntry } from '../engine/rules/pack/catalogue.ts';
import type { RuleCheck } from '../engine/rules/check.ts';
import { appendAll } from '../engine/append-all.ts';

const INDICES_SHOWN = 3;

function indicesOf(checks: readonly RuleCheck[]): Map<string, readonly string[]> {
  return new Map(checks.map((check) => [check.entry.rule.rule_id ?? check.entry.rule.name ?? '', check.entry.rule.index ?? []]));
}

export function coverageLines(stats: ScanStats, checks: readonly RuleCheck[], notRunnable: readonly CatalogueEntry[], options: { readonly perRule: boolean; readonly prefiltered: boolean }): string[] {
  const { perRule } = options;
  const { seeing, lacking } = evidenceCoverage(stats.rules, options.prefiltered);
  const lines = [
    `${plural(seeing.length, 'rule')} can see this evidence; ${formatCount(lacking.length)} need data it lacks` + (perRule || lacking.length === 0 ? '' : ' (--coverage gives the reason per rule)'),
  ];
  if (notRunnable.length > 0) {
    const byType = new Map<string, number>();
    for (const entry of notRunnable) byType.set(entry.type, (byType.get(entry.type) ?? 0) + 1);
    const types = [...byType].sort((a, b) => b[1] - a[1]).map(([type, count]) => `${type} ${formatCount(count)}`);
    lines.push(`${plural(notRunnable.length, 'rule')} of the pack cannot run offline and were not loaded (${types.join(', ')}): 'loupe rules list --not-runnable' gives each reason`);
  }
  if (!perRule) return lines;
  const indices = indicesOf(checks);
  if (seeing.length > 0) appendAll(lines, ['can see this evidence:', ...seeing.map(({ rule }) => `  ${rule.name} (${rule.ruleId}): ${plural(rule.eventsSeen, 'event')}`)]);
  if (lacking.length > 0) {
    lines.push('need data it lacks:');
    for (const { rule, lacks } of lacking) {
      const index = indices.get(rule.ruleId) ?? [];
      const shown = index.length > INDICES_SHOWN ? `${index.slice(0, INDICES_SHOWN).join(', ')}, …` : index.join(', ');
      lines.push(`  ${rule.name} (${rule.ruleId}): ${lacks}${shown !== '' ? `; indices ${shown}` : ''}`);
    }
  }
  return lines;
}
