import { parseCommandArgs, UsageError } from './args.ts';
import { COMMANDS } from './commands.ts';
import { commandHelp, generalHelp } from './help.ts';
import { processIo } from './io.ts';
import type { CliIo } from './io.ts';

/** Entry point of the `loupe` command line; returns the process exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  const specs = COMMANDS.map((command) => command.spec);
  if (name === undefined) {
    io.err(generalHelp(specs));
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(generalHelp(specs));
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.spec.name === name);
  try {
    if (!command) throw new UsageError(`unknown command '${name}' (try 'loupe --help')`);
    const args = parseCommandArgs(command.spec, rest);
    if (args.values.help) {
      io.out(commandHelp(command.spec));
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`loupe: ${error.message}`);
    return command?.spec.usageExitCode ?? 2;
  }
}
