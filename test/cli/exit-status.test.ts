/** One exit-status rule for every command (src/cli/exit-status.ts), shown by every --help. */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.ts';
import { EXIT_STATUS_HELP } from '../../src/cli/exit-status.ts';
import { runLoupe } from './run-cli.ts';

const names = COMMANDS.map((command) => command.spec.name);

describe('loupe exit statuses', () => {
  it.each(names)('%s: an unknown option is a usage error, exit 2', async (name) => {
    const { code, err, stdout } = await runLoupe(name, '--no-such-option');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(err[0]).toMatch(/^loupe: .*Unknown option '--no-such-option'/);
  });

  it.each(names)('%s --help states the exit statuses', async (name) => {
    const { code, stdout } = await runLoupe(name, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain(EXIT_STATUS_HELP);
  });

  it('loupe --help states them too, and no arguments at all is a usage error', async () => {
    expect((await runLoupe('--help')).stdout).toContain(EXIT_STATUS_HELP);
    expect((await runLoupe()).code).toBe(2);
  });
});
