/**
 * A responder's first drop lands on a cold page: five workers to start, their code (a few MB) to
 * load and compile, the rules to compile, and every hot function still unoptimised. The first
 * scan of a fresh page ran at about half the speed of the next. So the page, once it is idle
 * after loading, starts the pool and runs a small scan of generated events through it (a gzip
 * file and a plain one, so every reader and its inflate worker run), with the bundled seed rules;
 * the pool is then kept for the first real scan (scan-pool.ts waits for a warm-up under way).
 * Nothing of it is kept: no alerts, no history, nothing saved.
 */
import type { RuleText } from '../engine/rules/load.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/lines.ts';
import { warmPool } from './scan-pool.ts';

/** Events of the warm-up files: enough for the JIT to optimise the reading and matching loops. */
const WARM_UP_EVENTS = 1500;

/** Starts the pool and warms it; resolves when done (failures are left to the first real scan to report). */
export async function warmUpScanPool(rules: readonly RuleText[], readers: number): Promise<void> {
  const text = warmUpLines(WARM_UP_EVENTS);
  const plain = new Blob([text], { type: 'application/x-ndjson' });
  const gzip = await gzipped(plain);
  const files = [{ name: 'warm-up.ndjson', blob: plain }, ...(gzip ? [{ name: 'warm-up.ndjson.gz', blob: gzip }] : [])];
  const now = Date.UTC(2024, 0, 2);
  await warmPool(
    {
      files,
      plan: { rules, disabled: [], now, scanId: 'warm-up', ignoreIndex: false, kibanaLimits: false, maxLineBytes: DEFAULT_MAX_LINE_BYTES, keepProcessEvents: true },
      useNewTermsState: false,
    },
    readers,
  );
}

/** The browser's own gzip (CompressionStream); undefined where there is none. */
async function gzipped(blob: Blob): Promise<Blob | undefined> {
  if (typeof CompressionStream === 'undefined') return undefined;
  return new Response(blob.stream().pipeThrough(new CompressionStream('gzip'))).blob();
}

const HOSTS = [
  { name: 'ws-01', os: { type: 'windows', family: 'windows' } },
  { name: 'srv-02', os: { type: 'linux', family: 'debian' } },
  { name: 'mac-03', os: { type: 'macos', family: 'macos' } },
];
/** [name, executable, arguments, host]: some of them what the seed rules look for, so their matching runs too. */
const PROCESSES = [
  ['powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', '-NoProfile -Command Get-Date', 0],
  ['cmd.exe', 'C:\\Windows\\System32\\cmd.exe', '/c whoami', 0],
  ['bash', '/usr/bin/bash', '-c id', 1],
  ['curl', '/usr/bin/curl', 'https://example.com/file', 1],
  ['osascript', '/usr/bin/osascript', '-e display dialog', 2],
  ['security', '/usr/bin/security', 'dump-keychain -d', 2],
  ['python3', '/usr/bin/python3', '/Users/a/Library/Keychains/login.keychain-db', 2],
  ['kcc', '/usr/bin/kcc', 'copy_cred_cache', 2],
] as const;

/** Elastic Defend-shaped process, network and file events with varied values, as NDJSON. */
export function warmUpLines(count: number): string {
  const lines: string[] = [];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    const [name, executable, args, on] = PROCESSES[i % PROCESSES.length]!;
    const host = HOSTS[on]!;
    const kind = (i >> 3) % 3;
    const category = kind === 0 ? 'process' : kind === 1 ? 'network' : 'file';
    lines.push(
      JSON.stringify({
        '@timestamp': new Date(start + i * 1000).toISOString(),
        agent: { type: 'endpoint' },
        data_stream: { dataset: `endpoint.events.${category}`, namespace: 'default', type: 'logs' },
        event: { kind: 'event', category: [category], type: [kind === 0 ? 'start' : kind === 1 ? 'connection' : 'creation'], action: kind === 0 ? 'exec' : kind === 1 ? 'connection_attempted' : 'open', dataset: `endpoint.events.${category}`, module: 'endpoint' },
        host: { name: host.name, hostname: host.name, os: host.os, id: `host-${on}` },
        user: { name: i % 7 === 0 ? 'root' : `user${i % 11}` },
        process: { name, executable, args: [executable, ...args.split(' ')], command_line: `${executable} ${args}`, pid: 1000 + (i % 500), entity_id: `p-${i}`, parent: { name: i % 2 === 0 ? 'explorer.exe' : 'sshd', pid: 1 + (i % 50) } },
        ...(kind === 1 ? { destination: { ip: `10.0.${i % 256}.${(i * 7) % 256}`, port: 443 + (i % 3) }, source: { ip: '192.168.1.10', port: 40000 + (i % 20000) }, network: { transport: 'tcp', direction: 'egress' } } : {}),
        ...(kind === 2 ? { file: { path: `/tmp/file-${i % 97}.txt`, name: `file-${i % 97}.txt`, extension: 'txt' } } : {}),
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}
