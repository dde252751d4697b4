/**
 * Memory benchmark for intake (not a unit test): generates a large gzip of NDJSON events by
 * streaming (never in memory), scans it through the intake pipeline with the Node host, and
 * reports peak RSS while scanning. Target: under 512 MB whatever the input size.
 *
 *   npx tsx bench/memory.ts            # 3 GB of NDJSON (~0.3 GB gzip)
 *   npx tsx bench/memory.ts --mb 300   # a quicker run
 *
 * The input is written to .bench-data/ (git-ignored) and reused when it already has the size.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { nodeFileSource } from '../src/ingest/hosts/node.ts';
import { intake } from '../src/ingest/intake.ts';

const MB = 1024 * 1024;
const sizeArg = process.argv.indexOf('--mb');
const targetBytes = (sizeArg === -1 ? 3072 : Number(process.argv[sizeArg + 1])) * MB;
const dir = new URL('../.bench-data/', import.meta.url);
const file = new URL(`events-${targetBytes / MB}mb.ndjson.gz`, dir).pathname;

/** Varied events (ids, pids, hashes differ per line) so the gzip ratio is realistic (~10x). */
function* ndjson(bytes: number): Generator<Buffer> {
  let written = 0;
  let seq = 0;
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  while (written < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++, seq++) {
      lines.push(
        JSON.stringify({
          '@timestamp': new Date(1714557600000 + seq * 37).toISOString(),
          event: { category: ['process'], type: ['start'], kind: 'event', id: random().toString(36) + random().toString(36) },
          host: { name: `wks-${random() % 500}`, os: { family: 'windows' } },
          process: { pid: random() % 65536, name: ['cmd.exe', 'powershell.exe', 'rundll32.exe', 'svchost.exe'][seq % 4], args: ['-c', `echo ${random().toString(16)}`], hash: { sha256: random().toString(16).repeat(8) } },
          user: { name: `user${random() % 2000}` },
          seq,
        }),
      );
    }
    const chunk = Buffer.from(`${lines.join('\n')}\n`);
    written += chunk.length;
    yield chunk;
  }
}

async function ensureInput(): Promise<number> {
  await mkdir(dir, { recursive: true });
  const existing = await stat(file).catch(() => undefined);
  if (existing) return existing.size;
  const started = Date.now();
  await pipeline(Readable.from(ndjson(targetBytes)), createGzip({ level: 1 }), createWriteStream(file));
  const size = (await stat(file)).size;
  console.log(`generated ${file}: ${(targetBytes / MB).toFixed(0)} MB of NDJSON as ${(size / MB).toFixed(0)} MB gzip in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return size;
}

const size = await ensureInput();
globalThis.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const started = Date.now();
const run = intake([nodeFileSource(file, size)]);
let events = 0;
for await (const batch of run.batches()) events += batch.length;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const seconds = (Date.now() - started) / 1000;
const [summary] = run.files;
console.log(`scanned ${(targetBytes / MB).toFixed(0)} MB of NDJSON (${(size / MB).toFixed(0)} MB gzip): ${events} events in ${seconds.toFixed(1)} s (${(targetBytes / MB / seconds).toFixed(0)} MB/s), status ${summary?.status}, errors ${summary?.errors.length}`);
console.log(`RSS before scan ${(baseline / MB).toFixed(0)} MB, peak during scan ${(peak / MB).toFixed(0)} MB (target < 512 MB): ${peak < 512 * MB ? 'OK' : 'OVER'}`);
if (peak >= 512 * MB || summary?.status !== 'scanned') process.exitCode = 1;
