import type { CommandSpec, ParsedArgs } from './args.ts';
import { checkSpec, runCheck } from './check.ts';
import { eventsSpec, runEvents } from './events.ts';
import { exportRulesSpec, runExportRules } from './export-rules.ts';
import type { CliIo } from './io.ts';
import { rulesSpec, runRules } from './rules.ts';
import { runScan, scanSpec } from './scan.ts';
import { runState, stateSpec } from './state.ts';

export interface Command {
  readonly spec: CommandSpec;
  readonly run: (args: ParsedArgs, io: CliIo) => Promise<number>;
}

/** Every `loupe` command; a new command is one file plus one line here. */
export const COMMANDS: readonly Command[] = [
  { spec: scanSpec, run: runScan },
  { spec: checkSpec, run: runCheck },
  { spec: exportRulesSpec, run: runExportRules },
  { spec: eventsSpec, run: runEvents },
  { spec: stateSpec, run: runState },
  { spec: rulesSpec, run: runRules },
];
