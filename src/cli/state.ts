/**
 * `loupe state list|reset`: look at and reset the new-terms history a `--state FILE` holds, one
 * rule at a time (a rule whose `new_terms_fields` changed must be reset before its history is
 * used again). The same engine functions serve the app's New-terms history panel.
 */
import { listRuleStates, resetRuleState, type RuleState } from '../engine/state/rule-states.ts';
import type { NewTermsStore } from '../engine/state/store.ts';
import type { CommandSpec, ParsedArgs } from './args.ts';
import { UsageError } from './args.ts';
import { EXIT_OK, EXIT_USAGE_OR_INPUT } from './exit-status.ts';
import type { CliIo } from './io.ts';
import { openFileStateStore } from './state-file.ts';

export const stateSpec: CommandSpec = {
  name: 'state',
  summary: 'list or reset the new-terms history of a --state file',
  usage: 'list --state FILE [--json] | reset RULE_ID... --state FILE',
  details: [
    'list prints each rule with stored history: rule id, fields, history window, terms and the',
    'last sighting. reset RULE_ID forgets that rule\'s history (the record of scans already',
    'committed stays, so re-scanning old evidence does not add it back twice); a RULE_ID with',
    'no history is reported and nothing is changed for it. The file is changed under its lock,',
    'so this is safe while a scan uses it (that scan saves its own terms on top).',
  ].join('\n'),
  options: {
    state: { type: 'string', description: 'the new-terms history file (as given to loupe scan --state)' },
    json: { type: 'boolean', description: 'list: one JSON object per rule per line' },
  },
};

const DAY = 86_400_000;

function windowText(ms: number): string {
  return ms % DAY === 0 ? `${ms / DAY}d` : `${ms} ms`;
}

function ruleLine(rule: RuleState): string {
  const last = rule.lastSeen === undefined ? '' : `, last seen ${new Date(rule.lastSeen).toISOString()}`;
  return `${rule.ruleId}: fields [${rule.fields.join(', ')}], window ${windowText(rule.window)}, ${rule.terms} term${rule.terms === 1 ? '' : 's'}${last}`;
}

async function openState(path: string): Promise<NewTermsStore> {
  try {
    return await openFileStateStore(path);
  } catch (error) {
    throw new UsageError(`state: --state ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function runState(args: ParsedArgs, io: CliIo): Promise<number> {
  const [action, ...ruleIds] = args.positionals;
  const path = args.values.state;
  if (action !== 'list' && action !== 'reset') throw new UsageError(`state needs 'list' or 'reset RULE_ID...' (see 'loupe state --help')${action === undefined ? '' : `, not '${action}'`}`);
  if (typeof path !== 'string' || path === '') throw new UsageError(`state ${action} needs --state FILE`);
  if (action === 'list' && ruleIds.length > 0) throw new UsageError('state list takes no RULE_ID');
  if (action === 'reset' && ruleIds.length === 0) throw new UsageError('state reset needs at least one RULE_ID (see loupe state list)');

  const store = await openState(path);
  try {
    if (action === 'list') {
      const rules = await listRuleStates(store);
      if (args.values.json) for (const rule of rules) io.out(JSON.stringify(rule));
      else io.out(rules.length === 0 ? `no new-terms history in ${path}` : rules.map(ruleLine).join('\n'));
      return EXIT_OK;
    }
    let missing = 0;
    for (const ruleId of ruleIds) {
      if (await resetRuleState(store, ruleId)) {
        io.err(`reset the new-terms history of ${ruleId} in ${path}`);
      } else {
        missing++;
        io.err(`no new-terms history for ${ruleId} in ${path} (see 'loupe state list --state ${path}')`);
      }
    }
    return missing > 0 ? EXIT_USAGE_OR_INPUT : EXIT_OK;
  } catch (error) {
    io.err(`loupe: state: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_USAGE_OR_INPUT;
  } finally {
    await store.close();
  }
}
