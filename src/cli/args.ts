import { parseArgs } from 'node:util';

/** A mistake in how loupe was called: reported on stderr with exit status 2 (exit-status.ts). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly short?: string;
  /** A string option that may be given several times; its value is then an array. */
  readonly multiple?: boolean;
  readonly description: string;
}

/** What a command accepts, for parsing its arguments and printing its --help. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** e.g. "PATH... [--json]" */
  readonly usage: string;
  readonly details?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
}

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
  readonly positionals: readonly string[];
}

export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

/** Parses a command's arguments strictly: unknown options are usage errors, not silently ignored. */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries({ ...spec.options, help: HELP_OPTION }).map(([name, { type, short, multiple }]) => [
      name,
      { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    throw new UsageError(`${spec.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
