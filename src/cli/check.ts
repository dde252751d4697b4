import { checkRule } from '../engine/rules/check.ts';
import { filesWithoutRules, loadRuleTexts, noRulesMessage } from '../engine/rules/load.ts';
import type { CommandSpec, ParsedArgs } from './args.ts';
import { UsageError } from './args.ts';
import { checkJsonLine, checkTextReport } from './check-report.ts';
import { exitStatus } from './exit-status.ts';
import { readRuleTexts } from './files.ts';
import type { CliIo } from './io.ts';

export const checkSpec: CommandSpec = {
  name: 'check',
  summary: 'parse and compile every rule in TOML/NDJSON/JSON files or folders',
  usage: 'PATH... [--json]',
  details: [
    'PATH is a detection-rules TOML file, a Kibana rule export (.ndjson), a .json rule or array',
    'of rules, or a folder searched recursively for those. Unsupported rules do not change the',
    'exit status; a file holding no rules counts as a rule error.',
  ].join('\n'),
  options: { json: { type: 'boolean', description: 'print one JSON object per rule per line' } },
};

export async function runCheck(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError("check needs at least one PATH (see 'loupe check --help')");
  const texts = await readRuleTexts(args.positionals);
  const loaded = loadRuleTexts(texts);
  const checks = loaded.entries.map(checkRule);
  if (args.values.json) for (const check of checks) io.out(checkJsonLine(check));
  else io.out(checkTextReport(checks));
  const empty = filesWithoutRules(texts, loaded);
  if (empty.length > 0) io.err(empty.map(noRulesMessage).join('\n'));
  return exitStatus({ ruleErrors: empty.length > 0 || checks.some((check) => check.status === 'error') });
}
