/**
 * Where a browser scan's time goes, thread by thread: the bench page (unminified production build)
 * scans a fleet-mix `.ndjson.gz` with Elastic's whole library, with a V8 CPU profile of the page
 * and of every worker it starts (Chrome DevTools protocol over a debugging port, each worker held
 * at its start until its profiler runs). Prints each thread's busy time and its top functions by
 * self time. A diagnostic, not a bench figure: profiling slows every thread a little.
 *
 *   npx tsx bench/browser-threads.ts [--events N] [--readers N] [--top N] [--rules seed|library]
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { buildBenchPage, call, launch, openBenchPage, serve, SITE_DIR } from './browser.ts';
import { ensureBenchFiles } from './data/files.ts';
import { fleetLines } from './fleet/events.ts';

const arg = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index < 0 ? fallback : process.argv[index + 1]!;
};
const EVENTS = Number(arg('--events', '30000'));
const READERS = Number(arg('--readers', '2'));
const TOP = Number(arg('--top', '25'));
const RULES = arg('--rules', 'library');
/** Folder to write each thread's .cpuprofile to (for DevTools or other summaries), if given. */
const SAVE = arg('--save', '');
/** Without CPU profiles (their sampling slows every thread): only the threads' CPU time. */
const PROFILE = !process.argv.includes('--no-profile');
const PORT = 9300 + (process.pid % 500);
const log = (text: string) => console.log(text);

interface Profile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }; readonly children?: readonly number[] }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A minimal CDP client (flat sessions) on the browser's debugging WebSocket. */
class Cdp {
  #id = 0;
  readonly #pending = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  readonly #listeners: ((method: string, params: Record<string, unknown>, sessionId: string | undefined) => void)[] = [];
  constructor(private readonly socket: { send(text: string): void; on(event: string, handler: (data: unknown) => void): void; close(): void }) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; method?: string; params?: Record<string, unknown>; sessionId?: string; result?: unknown; error?: unknown };
      if (message.id !== undefined) this.#pending.get(message.id)?.(message);
      else if (message.method) for (const listener of this.#listeners) listener(message.method, message.params ?? {}, message.sessionId);
    });
  }
  send<T>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = ++this.#id;
    this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((resolve, reject) => this.#pending.set(id, (message) => (message.error ? reject(new Error(`${method}: ${JSON.stringify(message.error)}`)) : resolve(message.result as T))));
  }
  on(listener: (method: string, params: Record<string, unknown>, sessionId: string | undefined) => void): void {
    this.#listeners.push(listener);
  }
  close(): void {
    this.socket.close();
  }
}

/** CPU seconds so far of every thread of this run's Chromium processes, summed by thread name (Linux /proc). */
function threadCpu(): Map<string, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const ours = (pid: number) => {
    for (let up = parents.get(pid); up !== undefined && up > 1; up = parents.get(up)) if (up === process.pid) return true;
    return false;
  };
  const byName = new Map<string, number>();
  for (const pid of parents.keys()) {
    if (!ours(pid)) continue;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
        const key = `${name} ${tid === String(pid) ? 'main' : tid} of ${pid}`;
        byName.set(key, (byName.get(key) ?? 0) + seconds);
      } catch {
        // Ended meanwhile.
      }
    }
  }
  return byName;
}

function summarize(name: string, profile: Profile): void {
  const self = new Map<string, number>();
  const timeOf = new Map<number, number>();
  profile.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const ms = timeOf.get(node.id) ?? 0;
    total += ms;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') idle += ms;
    const where = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').at(-1) ?? ''}:${frame.lineNumber}`;
    self.set(where, (self.get(where) ?? 0) + ms);
  }
  log(`\n${name}: ${(total / 1000).toFixed(2)} s sampled, busy ${((total - idle) / 1000).toFixed(2)} s`);
  for (const [where, ms] of [...self].filter(([where]) => !where.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, TOP)) log(`  ${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / Math.max(1, total - idle)).toFixed(1).padStart(5)}%  ${where}`);
}

if (SAVE) mkdirSync(SAVE, { recursive: true });
const files = await ensureBenchFiles(EVENTS, log, { prefix: 'fleet', lines: (count) => fleetLines(count), zip: false });
await buildBenchPage(log, false);
const server = await serve({ '/': SITE_DIR, '/data/': dirname(files.gzip) });
const browser = await launch([`--remote-debugging-port=${PORT}`]);
// playwright-core bundles ws; the debugging port speaks plain CDP to any client.
const require = createRequire(import.meta.url);
const { ws: WebSocket } = require('playwright-core/lib/utilsBundle') as { ws: new (url: string) => { send(text: string): void; on(event: string, handler: (data: unknown) => void): void; once(event: string, handler: () => void): void; close(): void } };
try {
  const page = await openBenchPage(browser, server.origin, log, '?no-warm-up');
  const url = `/data/${files.gzip.split('/').at(-1)}`;
  await call(page, 'load', url);
  const { webSocketDebuggerUrl } = (await (await fetch(`http://127.0.0.1:${PORT}/json/version`)).json()) as { webSocketDebuggerUrl: string };
  const socket = new WebSocket(webSocketDebuggerUrl);
  await new Promise<void>((resolve) => socket.once('open', resolve));
  const cdp = new Cdp(socket);
  const sessions = new Map<string, string>();
  cdp.on((method, params, parent) => {
    if (method !== 'Target.attachedToTarget') return;
    const info = params.targetInfo as { type: string; title: string; url: string };
    const sessionId = params.sessionId as string;
    const name = `${info.type} ${info.title || info.url.split('/').at(-1)}`;
    void (async () => {
      if (info.type === 'page' && !info.url.includes('index.html')) return;
      sessions.set(sessionId, name);
      if (PROFILE) {
        await cdp.send('Profiler.enable', {}, sessionId);
        await cdp.send('Profiler.setSamplingInterval', { interval: 250 }, sessionId);
        await cdp.send('Profiler.start', {}, sessionId);
      }
      if (info.type === 'page') await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, sessionId);
      if (params.waitingForDebugger) await cdp.send('Runtime.runIfWaitingForDebugger', {}, sessionId);
    })().catch((error: unknown) => log(`profiling ${name} (${parent ?? 'browser'}): ${String(error)}`));
  });
  const { targetInfos } = await cdp.send<{ targetInfos: { targetId: string; type: string; url: string }[] }>('Target.getTargets');
  const target = targetInfos.find((info) => info.type === 'page' && info.url.includes('index.html'))!;
  await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: true });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const cpuBefore = threadCpu();
  const started = performance.now();
  const run = await call(page, 'loupe', url, READERS, '2024-05-02T00:00:00Z', RULES === 'seed' ? undefined : 'library');
  const wall = (performance.now() - started) / 1000;
  const cpuAfter = threadCpu();
  const used = [...cpuAfter].map(([name, seconds]) => [name, seconds - (cpuBefore.get(name) ?? 0)] as const).filter(([, seconds]) => seconds >= 0.05);
  log(`\nCPU seconds during the scan, by thread (all of this run's Chromium processes): ${used.reduce((sum, [, seconds]) => sum + seconds, 0).toFixed(2)}`);
  for (const [name, seconds] of used.sort((a, b) => b[1] - a[1])) log(`  ${seconds.toFixed(2).padStart(6)}  ${name}`);
  log(`\n${EVENTS.toLocaleString('en-US')} fleet events, ${RULES} rules, ${READERS} readers: ${run.seconds.toFixed(2)} s in the page (${wall.toFixed(2)} s here), ${run.alerts} alerts; ${`load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}`}`);
  for (const [sessionId, name] of PROFILE ? sessions : []) {
    const { profile } = await cdp.send<{ profile: Profile }>('Profiler.stop', {}, sessionId).catch(() => ({ profile: undefined }));
    if (!profile) continue;
    summarize(name, profile);
    if (SAVE) writeFileSync(join(SAVE, `${name.replace(/[^a-z0-9-]+/gi, '_')}.cpuprofile`), JSON.stringify(profile));
  }
  cdp.close();
} finally {
  await browser.close();
  await server.close();
}
