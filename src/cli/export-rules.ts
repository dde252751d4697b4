import type { CommandSpec, ParsedArgs } from './args.ts';
import { UsageError } from './args.ts';
import { exitStatus } from './exit-status.ts';
import { reasonOf } from './files.ts';
import type { CliIo } from './io.ts';
import { plural } from '../engine/output/plural.ts';
import { kibanaExport } from '../engine/rules/kibana-export.ts';
import { openOutput } from './output.ts';
import { loadRulePack, ruleErrorReport } from './rule-pack.ts';
import { PACK_OPTIONS, packChoice } from './pack-options.ts';

export const exportRulesSpec: CommandSpec = {
  name: 'export-rules',
  summary: 'write the rule pack as a Kibana rule import file (NDJSON)',
  usage: '[--pack elastic|seed | --rules PATH...] [--os OS]... [--source SOURCE]... [--tactic TACTIC]... --out FILE',
  details: [
    'Writes the bundled pack (or the --rules files and folders) in the format of Kibana\'s rule',
    'export, ready for Security > Rules > Import: one rule per line, then the exception lists the',
    'rules use, then an export-details line. Rules with errors are left out and reported.',
    '--out - writes to stdout. A rule file holding no rules counts as a rule error.',
  ].join('\n'),
  options: {
    ...PACK_OPTIONS,
    out: { type: 'string', short: 'o', description: 'file to write (- for stdout)' },
  },
};

export async function runExportRules(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`export-rules takes no positional arguments; use --rules ${args.positionals[0]}`);
  const out = args.values.out;
  if (typeof out !== 'string' || out === '') throw new UsageError("export-rules needs --out FILE (or --out - for stdout)");

  const pack = await loadRulePack(packChoice(args, 'export-rules'));
  const exported = kibanaExport(pack.checks);
  const sink = await openOutput(out, io).catch((error: unknown) => {
    throw new UsageError(`cannot write '${out}': ${reasonOf(error)}`);
  });
  try {
    await sink.write(exported.ndjson);
    await sink.close();
  } catch (error) {
    await sink.abort();
    throw error;
  }

  const problems = ruleErrorReport(pack);
  if (problems.length > 0) io.err(problems.join('\n'));
  io.err(
    `exported ${plural(exported.rules, 'rule')}, ${plural(exported.exceptionLists, 'exception list')} (${plural(exported.exceptionItems, 'item')})` +
      (out === '-' ? '' : ` to ${out}`) +
      (exported.leftOut.length > 0 ? `; left out ${exported.leftOut.length} with errors: ${exported.leftOut.join(', ')}` : ''),
  );
  return exitStatus({ ruleErrors: exported.leftOut.length > 0 || pack.empty.length > 0 });
}
