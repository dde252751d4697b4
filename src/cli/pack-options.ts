/** `--pack`, `--os`, `--source`, `--tactic`: the options that choose rules, shared by scan, export-rules and rules. */
import type { OptionSpec, ParsedArgs } from './args.ts';
import { UsageError } from './args.ts';
import { DEFAULT_PACK, PACKS, stringList, type PackChoice, type PackName } from './rule-pack.ts';

export const PACK_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  rules: { type: 'string', multiple: true, description: 'rule file or folder, instead of a bundled pack' },
  pack: { type: 'string', description: `bundled pack: elastic (Elastic's prebuilt rules, rules/elastic/) or seed (five macOS rules, rules/); default ${DEFAULT_PACK}` },
  os: { type: 'string', multiple: true, description: "only rules for this OS (windows, linux, macos: the rules' OS tags)" },
  source: { type: 'string', multiple: true, description: "only rules for this data source (the rules' Data Source tags, e.g. elastic-defend, sysmon)" },
  tactic: { type: 'string', multiple: true, description: 'only rules mapped to this ATT&CK tactic (name such as credential-access, or id such as TA0006)' },
};

export function packChoice(args: ParsedArgs, command: string): PackChoice {
  const { values } = args;
  const pack = values.pack;
  if (pack !== undefined && !PACKS.includes(pack as PackName)) throw new UsageError(`${command}: --pack must be one of ${PACKS.join(', ')}, not '${String(pack)}'`);
  const paths = stringList(values.rules);
  if (pack !== undefined && paths.length > 0) throw new UsageError(`${command}: --pack and --rules choose the rules two ways; give one`);
  return {
    paths,
    ...(pack !== undefined ? { pack: pack as PackName } : {}),
    filter: { os: stringList(values.os), source: stringList(values.source), tactic: stringList(values.tactic) },
  };
}
