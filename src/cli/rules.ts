/**
 * `loupe rules list|pack`: what a pack holds without scanning. `list` prints one rule per line
 * (status, type, OS, name, id; the reason for rules Loupe cannot run); `pack` describes the pack
 * (source, version, licence, counts by type, OS, data source and tactic). The bundled library is
 * read from its catalogue: nothing is compiled.
 */
import type { CommandSpec, ParsedArgs } from './args.ts';
import { UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { EXIT_OK } from './exit-status.ts';
import { formatCount } from '../engine/output/plural.ts';
import { facetCounts, type CatalogueEntry } from '../engine/rules/pack/catalogue.ts';
import { PACK_OPTIONS, packChoice } from './pack-options.ts';
import { catalogueOf, DEFAULT_PACK, readPackManifest, type PackChoice } from './rule-pack.ts';

export const rulesSpec: CommandSpec = {
  name: 'rules',
  summary: 'list the rules of a pack, or describe the pack',
  usage: 'list|pack [--pack elastic|seed | --rules PATH...] [--os OS]... [--source SOURCE]... [--tactic TACTIC]... [--not-runnable] [--json]',
  details: [
    'list: one rule per line: status (ok, unsupported, error), type, OS, name and rule_id, and for',
    'rules Loupe cannot run the reason. pack: where the pack comes from and what it holds, counted',
    'by type, OS, data source and ATT&CK tactic (the values --os, --source and --tactic take).',
  ].join('\n'),
  options: {
    ...PACK_OPTIONS,
    'not-runnable': { type: 'boolean', description: 'list only the rules Loupe cannot run (ES|QL, machine learning, indicator match...)' },
    json: { type: 'boolean', description: 'list: one JSON object per rule per line (the catalogue entry)' },
  },
};

function listLine(entry: CatalogueEntry): string {
  const os = entry.os.length > 0 ? entry.os.join(',') : '-';
  return `${entry.status.padEnd(11)} ${entry.type.padEnd(16)} ${os.padEnd(14)} ${entry.name} (${entry.rule_id})${entry.reason !== undefined ? `: ${entry.reason}` : ''}`;
}

function counted(title: string, counts: readonly [string, number][], shown = counts.length): string[] {
  if (counts.length === 0) return [];
  const more = counts.length > shown ? [`  … ${formatCount(counts.length - shown)} more`] : [];
  return [`${title}:`, ...counts.slice(0, shown).map(([value, count]) => `  ${formatCount(count).padStart(6)}  ${value}`), ...more];
}

async function describePack(choice: PackChoice, entries: readonly CatalogueEntry[]): Promise<string[]> {
  const library = (choice.paths ?? []).length === 0 && (choice.pack ?? DEFAULT_PACK) === 'elastic';
  const lines: string[] = [];
  if (library) {
    const manifest = await readPackManifest();
    const { source } = manifest;
    lines.push(
      `${manifest.title} (pack elastic): ${source.repository}${source.version !== undefined ? ` ${source.version}` : ''}${source.commit !== undefined ? ` @ ${source.commit}` : ''}, generated ${manifest.generated} from ${source.input}`,
      `licence: ${manifest.licence}`,
      `selection: ${manifest.selection}`,
    );
  } else {
    lines.push(choice.paths && choice.paths.length > 0 ? `rules from ${choice.paths.join(', ')}` : 'seed pack (rules/): five macOS credential-access rules');
  }
  const runnable = entries.filter((entry) => entry.status === 'ok').length;
  lines.push(`${formatCount(entries.length)} rules${library ? ' (after filters)' : ''}: ${formatCount(runnable)} runnable, ${formatCount(entries.length - runnable)} not`);
  return [
    ...lines,
    ...counted('by type', facetCounts(entries, (entry) => [entry.type])),
    ...counted('by OS', facetCounts(entries, (entry) => (entry.os.length > 0 ? entry.os : ['(no OS tag)']))),
    ...counted('by data source', facetCounts(entries, (entry) => entry.sources), 25),
    ...counted('by tactic', facetCounts(entries, (entry) => entry.tactics)),
    ...counted('not runnable, by reason', facetCounts(entries, (entry) => (entry.status !== 'ok' ? [entry.reason ?? entry.status] : []))),
  ];
}

export async function runRules(args: ParsedArgs, io: CliIo): Promise<number> {
  const [sub, ...extra] = args.positionals;
  if ((sub !== 'list' && sub !== 'pack') || extra.length > 0) throw new UsageError("rules needs 'list' or 'pack' (see 'loupe rules --help')");
  const choice = packChoice(args, 'rules');
  const all = await catalogueOf(choice);
  if (sub === 'pack') {
    io.out((await describePack(choice, all)).join('\n'));
    return EXIT_OK;
  }
  const entries = args.values['not-runnable'] === true ? all.filter((entry) => entry.status !== 'ok') : all;
  if (entries.length > 0) io.out(entries.map((entry) => (args.values.json === true ? JSON.stringify(entry) : listLine(entry))).join('\n'));
  io.err(`${formatCount(entries.length)} rules`);
  return EXIT_OK;
}
