/**
 * A Windows command line split into arguments as CommandLineToArgvW splits it, in the version
 * the Sysmon pipeline runs (a port of Go's `syscall.commandLineToArgv`, with the "prior to 2008"
 * rule for a doubled quote inside quotes): backslashes are literal unless they precede a quote,
 * 2n backslashes + quote give n backslashes and toggle quoting, 2n+1 give n and a literal quote.
 */
function readNextArg(cmd: string, from: number): { arg: string; next: number } {
  let arg = '';
  let inQuote = false;
  let slashes = 0;
  let i = from;
  for (; i < cmd.length; i++) {
    const c = cmd[i]!;
    if (c === ' ' || c === '\t') {
      if (!inQuote) return { arg: arg + '\\'.repeat(slashes), next: i + 1 };
    } else if (c === '"') {
      arg += '\\'.repeat(Math.floor(slashes / 2));
      if (slashes % 2 === 0) {
        if (inQuote && cmd[i + 1] === '"') {
          arg += c;
          i++;
        }
        inQuote = !inQuote;
      } else arg += c;
      slashes = 0;
      continue;
    } else if (c === '\\') {
      slashes++;
      continue;
    }
    arg += '\\'.repeat(slashes) + c;
    slashes = 0;
  }
  return { arg: arg + '\\'.repeat(slashes), next: i };
}

export function commandLineToArgv(cmd: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < cmd.length) {
    if (cmd[i] === ' ' || cmd[i] === '\t') {
      i++;
      continue;
    }
    const { arg, next } = readNextArg(cmd, i);
    args.push(arg);
    i = next;
  }
  return args;
}

/**
 * The Security pipeline's own split for 4688's CommandLine: cut at whitespace outside double
 * quotes, quotes kept, consecutive spaces giving empty arguments (its painless loop, as written).
 */
export function splitOnWhitespaceOutsideQuotes(cmd: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  for (let i = 0; i < cmd.length; i++) {
    if (cmd[i] === '"') inQuote = !inQuote;
    if (/\s/.test(cmd[i]!) && !inQuote) {
      out.push(cmd.slice(start, i));
      start = i + 1;
    }
    if (i === cmd.length - 1) out.push(cmd.slice(start, i + 1));
  }
  return out;
}
