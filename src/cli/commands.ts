import type { CommandSpec, ParsedArgs } from './args.ts';
import { checkSpec, runCheck } from './check.ts';
import type { CliIo } from './io.ts';

export interface Command {
  readonly spec: CommandSpec;
  readonly run: (args: ParsedArgs, io: CliIo) => Promise<number>;
}

/** Every `loupe` command; a new command is one file plus one line here. */
export const COMMANDS: readonly Command[] = [{ spec: checkSpec, run: runCheck }];
