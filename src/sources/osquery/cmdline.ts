/**
 * osquery's `es_process_events.cmdline` back into argv. osquery writes each argument followed by
 * a space, and an argument holding a space or a double quote as C++ `std::quoted` (in double
 * quotes, `"` and `\` escaped by a backslash): `appendQuotedString` in osquery's
 * `events/darwin/es_utils.cpp`. So the text splits back unambiguously (an empty argument is an
 * empty token between two spaces).
 */
export function parseCmdline(text: string): string[] {
  const args: string[] = [];
  let at = 0;
  while (at < text.length) {
    let arg = '';
    if (text[at] === '"') {
      at++;
      while (at < text.length && text[at] !== '"') {
        if (text[at] === '\\' && at + 1 < text.length) at++;
        arg += text[at];
        at++;
      }
      at++; // the closing quote
    } else {
      const space = text.indexOf(' ', at);
      const end = space === -1 ? text.length : space;
      arg = text.slice(at, end);
      at = end;
    }
    args.push(arg);
    at++; // the space after every argument
  }
  return args;
}
