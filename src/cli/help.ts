import type { CommandSpec } from './args.ts';
import { HELP_OPTION } from './args.ts';
import { EXIT_STATUS_HELP } from './exit-status.ts';

export function generalHelp(commands: readonly CommandSpec[]): string {
  const width = commands.reduce((widest, command) => Math.max(widest, command.name.length), 0);
  return [
    'Usage: loupe <command> [options]',
    '',
    'Runs Elastic Security detection rules (KQL, EQL, Lucene) offline.',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    "Run 'loupe <command> --help' for a command's options.",
    '',
    EXIT_STATUS_HELP,
  ].join('\n');
}

export function commandHelp(spec: CommandSpec): string {
  const options = Object.entries({ ...spec.options, help: HELP_OPTION }).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${option.type === 'string' ? ' VALUE' : ''}`;
    return { flag, description: option.multiple ? `${option.description} (repeatable)` : option.description };
  });
  const width = options.reduce((widest, option) => Math.max(widest, option.flag.length), 0);
  return [
    `Usage: loupe ${spec.name} ${spec.usage}`,
    '',
    spec.summary,
    ...(spec.details ? ['', spec.details] : []),
    '',
    'Options:',
    ...options.map((option) => `  ${option.flag.padEnd(width)}  ${option.description}`),
    '',
    EXIT_STATUS_HELP,
  ].join('\n');
}
