/** Entry point of the `loupe` command line; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    console.log('Usage: loupe <command> [options]\n\nCommands:\n  check PATH...   parse and compile every rule in TOML/NDJSON files or folders');
    return 0;
  }
  console.error(`loupe: unknown command '${argv[0]}' (try --help)`);
  return 2;
}
