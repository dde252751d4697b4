/**
 * Generates src/sources/common/user-agent/regexes.generated.ts from a uap-core `regexes.yaml`
 * (Elasticsearch bundles one as modules/ingest-user-agent/src/main/resources/regexes.yml).
 * The file is data (Apache 2.0; its licence notice is carried into the output). Each pattern is
 * checked to mean the same in JavaScript as in java.util.regex: constructs JavaScript reads
 * differently (nested classes, possessive quantifiers, atomic groups, \Q..\E, \A/\Z/\z, inline
 * flags) are rewritten where that is exact (a leading (?i) becomes the `i` flag) and otherwise
 * reported and the run fails, as does any pattern `new RegExp` rejects.
 * Run: `npx tsx scripts/gen-user-agent-regexes.ts PATH/TO/regexes.yml [SOURCE-NOTE]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [source, note = 'unknown'] = process.argv.slice(2);
if (source === undefined) throw new Error('usage: gen-user-agent-regexes.ts regexes.yml [SOURCE-NOTE]');
const lines = readFileSync(source, 'utf8').split(/\r?\n/);

type Entry = Record<string, string>;
const SECTIONS = ['user_agent_parsers', 'os_parsers', 'device_parsers'] as const;
const sections: Record<string, Entry[]> = {};
const licence: string[] = [];
const problems: string[] = [];
let current: Entry[] | undefined;

/** A YAML single- or double-quoted scalar as uap-core writes them (one line each). */
function scalar(text: string, where: string): string {
  if (text.startsWith("'") && text.endsWith("'") && text.length >= 2) return text.slice(1, -1).replaceAll("''", "'");
  if (text.startsWith('"') && text.endsWith('"') && text.length >= 2) {
    const inner = text.slice(1, -1);
    if (/\\[^\\"]/.test(inner)) problems.push(`${where}: double-quoted value with escapes: ${text}`);
    return inner.replaceAll('\\"', '"').replaceAll('\\\\', '\\');
  }
  problems.push(`${where}: unquoted value: ${text}`);
  return text;
}

lines.forEach((line, i) => {
  const where = `${source}:${i + 1}`;
  if (current === undefined && Object.keys(sections).length === 0 && line.startsWith('#')) {
    licence.push(line.replace(/^# ?/, ''));
    return;
  }
  if (/^\s*(#|$)/.test(line)) return;
  const section = /^([a-z_]+):\s*$/.exec(line);
  if (section !== null) {
    if (!(SECTIONS as readonly string[]).includes(section[1]!)) problems.push(`${where}: unknown section ${section[1]}`);
    current = sections[section[1]!] = [];
    return;
  }
  const item = /^ {2}- ([a-z0-9_]+): (.*)$/.exec(line) ?? /^ {4}([a-z0-9_]+): (.*)$/.exec(line);
  if (item === null || current === undefined) {
    problems.push(`${where}: unexpected line: ${line}`);
    return;
  }
  if (line.startsWith('  - ')) current.push({});
  const entry = current.at(-1);
  if (entry === undefined) problems.push(`${where}: key before the first entry`);
  else entry[item[1]!] = scalar(item[2]!.trim(), where);
});

/** Rewrites a java.util.regex pattern for JavaScript, or names why it cannot be done exactly. */
function toJs(pattern: string, flag: string | undefined, where: string): [string, string] {
  let flags = flag === 'i' ? 'i' : '';
  if (flag !== undefined && flag !== 'i') problems.push(`${where}: unknown regex_flag ${flag}`);
  let body = pattern;
  if (body.startsWith('(?i)')) {
    body = body.slice(4);
    flags = 'i';
  }
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      const next = body[i + 1] ?? '';
      if ('QEAZzGhHvVRXp'.includes(next) || next === 'P') problems.push(`${where}: \\${next} has no exact JavaScript form`);
      i++;
    } else if (inClass) {
      if (c === '[') problems.push(`${where}: nested character class (a union in Java)`);
      if (c === '&' && body[i + 1] === '&') problems.push(`${where}: class intersection`);
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (body[i + 1] === '^') i++;
      if (body[i + 1] === ']') i++; // a leading ] is literal in Java; JavaScript reads [] as empty
      if (body[i] === ']') problems.push(`${where}: class starting with ]`);
    } else if (c === '(' && body[i + 1] === '?') {
      const kind = body[i + 2] ?? '';
      if (!(kind === ':' || kind === '=' || kind === '!' || (kind === '<' && /[=!]/.test(body[i + 3] ?? '')))) {
        problems.push(`${where}: group (?${kind} has no exact JavaScript form`);
      }
    } else if (c === '+' && /[*+?}]/.test(body[i - 1] ?? '') && body[i - 2] !== '\\' && body[i - 2] !== '(') {
      problems.push(`${where}: possessive quantifier (Java) has no JavaScript form`);
    }
  }
  try {
    new RegExp(body, flags);
  } catch (error) {
    problems.push(`${where}: JavaScript cannot compile it: ${(error as Error).message}`);
  }
  return [body, flags];
}

const KEYS = {
  user_agent_parsers: ['family_replacement', 'v1_replacement', 'v2_replacement', 'v3_replacement', 'v4_replacement'],
  os_parsers: ['os_replacement', 'os_v1_replacement', 'os_v2_replacement', 'os_v3_replacement', 'os_v4_replacement'],
  device_parsers: ['device_replacement'],
} as const;
const IGNORED = new Set(['brand_replacement', 'model_replacement']); // not read by Elasticsearch

const out: string[] = [
  '// Generated by scripts/gen-user-agent-regexes.ts: do not edit.',
  `// Source: ${note}`,
  '// Rows: [pattern, flags, name replacement, v1..v4 replacements] (device rows: name only).',
  '/*',
  ...licence.map((line) => ` * ${line}`.trimEnd()),
  ' */',
  "import type { UaRow } from './row.ts';",
  '',
];
for (const name of SECTIONS) {
  const entries = sections[name];
  if (entries === undefined) {
    problems.push(`${source}: no ${name} section`);
    continue;
  }
  const keys: readonly string[] = KEYS[name];
  const rows = entries.map((entry, index) => {
    const where = `${name}[${index}]`;
    for (const key of Object.keys(entry)) {
      if (key !== 'regex' && key !== 'regex_flag' && !keys.includes(key) && !IGNORED.has(key)) problems.push(`${where}: unknown key ${key}`);
    }
    if (entry['regex'] === undefined) problems.push(`${where}: no regex`);
    const [body, flags] = toJs(entry['regex'] ?? '', entry['regex_flag'], where);
    const row: (string | null)[] = [body, flags, ...keys.map((key) => entry[key] ?? null)];
    while (row.length > 2 && row.at(-1) === null) row.pop();
    return `  ${JSON.stringify(row)},`;
  });
  const constant = name.replace(/_parsers$/, '').toUpperCase() + '_ROWS';
  out.push(`export const ${constant}: readonly UaRow[] = [`, ...rows, '];', '');
}
if (licence.length === 0) problems.push(`${source}: no licence notice at the top`);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const target = resolve(fileURLToPath(import.meta.url), '../../src/sources/common/user-agent/regexes.generated.ts');
writeFileSync(target, out.join('\n'));
console.log(`wrote ${target}: ${SECTIONS.map((name) => `${sections[name]?.length ?? 0} ${name}`).join(', ')}`);
