import { escapeControls } from '../engine/output/terminal-text.ts';
import { parseCommandArgs, UsageError } from './args.ts';
import { COMMANDS } from './commands.ts';
import { EXIT_OK, EXIT_USAGE_OR_INPUT } from './exit-status.ts';
import { commandHelp, generalHelp } from './help.ts';
import { processIo } from './io.ts';
import type { CliIo } from './io.ts';

/**
 * Every line loupe prints to stdout or stderr, with the controls and bidi overrides that file
 * names, rule names and ids may carry escaped (engine/output/terminal-text.ts). The main output
 * (`write`: alert NDJSON, CSV, the table, which escapes its own cells) passes unchanged.
 */
function terminalSafe(io: CliIo): CliIo {
  return { out: (text) => io.out(escapeControls(text)), err: (text) => io.err(escapeControls(text)), write: (text) => io.write(text) };
}

export { allowRelaunch } from './young-generation.ts';

/** Entry point of the `loupe` command line; returns the process exit code. */
export async function main(argv: readonly string[], rawIo: CliIo = processIo): Promise<number> {
  const io = terminalSafe(rawIo);
  const [name, ...rest] = argv;
  const specs = COMMANDS.map((command) => command.spec);
  if (name === undefined) {
    io.err(generalHelp(specs));
    return EXIT_USAGE_OR_INPUT;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(generalHelp(specs));
    return EXIT_OK;
  }
  const command = COMMANDS.find((candidate) => candidate.spec.name === name);
  try {
    if (!command) throw new UsageError(`unknown command '${name}' (try 'loupe --help')`);
    const args = parseCommandArgs(command.spec, rest);
    if (args.values.help) {
      io.out(commandHelp(command.spec));
      return EXIT_OK;
    }
    return await command.run(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`loupe: ${error.message}`);
    return EXIT_USAGE_OR_INPUT;
  }
}
