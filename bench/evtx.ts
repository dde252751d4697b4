/**
 * The EVTX line of `npm run bench` (`npm run bench -- --only evtx` runs only it): records/s of
 * the EVTX parser alone, of parse + Winlogbeat shape + ECS mapping, and of `loupe scan` end to end,
 * each next to a naive baseline measured in the same run on the same bytes.
 *
 * The log is a shared sample's chunks repeated until it is ≥ 500 MB (its file header, then every
 * non-empty 64 KiB chunk slot, again and again), generated once into `.bench-data/`. Each chunk
 * carries its own checksums, string and template tables, so a copy parses as the original did.
 *
 * The naive baseline does the least a parser must do per record: walk each chunk's records by
 * their headers (magic, size) and decode each record's bytes as UTF-16 text with TextDecoder. It
 * reads no BinXML token, template or value, so it is a floor for "look at every record", not a
 * competing parser.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { readEvtx } from '../src/sources/evtx/reader.ts';
import { toWinlogbeat } from '../src/sources/evtx/winlogbeat.ts';
import { toEcs } from '../src/sources/evtx/ecs/index.ts';

const SHARED = new URL('../../shared/', import.meta.url).pathname;
const SAMPLE = `${SHARED}conformance/evtx/omerbenamram-evtx/samples/sysmon.evtx`;
const DIR = new URL('../.bench-data/', import.meta.url).pathname;
const HEADER_BLOCK = 4096;
const CHUNK = 65536;
const RECORD_MAGIC = 0x00002a2a;
/** Record header: magic, size, id (8), written FILETIME (8); the size is repeated after the data. */
const RECORD_HEADER = 24;
const CHUNK_RECORDS_START = 512;

/** The Windows rule of test/cli/evtx.test.ts: Sysmon process starts of MpCmdRun updating signatures. */
const WINDOWS_RULE = {
  rule_id: 'defender-signature-update',
  name: 'Defender signature update via MpCmdRun',
  description: 'Defender signature update via MpCmdRun',
  severity: 'low',
  risk_score: 21,
  type: 'query',
  language: 'kuery',
  index: ['winlogbeat-*', 'logs-windows.sysmon_operational-*'],
  query: 'event.category:process and event.type:start and process.name:"MpCmdRun.exe" and process.args:"SignatureUpdate"',
};

export interface EvtxBenchOptions {
  readonly minBytes: number;
  readonly work: string;
  readonly log: (text: string) => void;
  /** Best of `measure`'s runs: the caller's timer (peak RSS included). */
  readonly measure: (run: () => Promise<void>) => Promise<{ seconds: number; peakRss: number }>;
  /** `loupe scan <file> --rules …` (none: the bundled rules); returns the alert count. */
  readonly scan: (file: string, rules: readonly string[]) => Promise<number>;
  /** The public pack's file, when it is to be run end to end too. */
  readonly corpus?: string;
  /** Also parse a ≥ 100 MB log in a Chromium Web Worker and in Node (bench/evtx-browser.ts), best of this many runs each. */
  readonly browserRuns?: number;
}

/** The sample's non-empty chunk slots (a slot of zeros was never written). */
function sampleChunks(sample: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = HEADER_BLOCK; at + CHUNK <= sample.length; at += CHUNK) {
    const slot = sample.subarray(at, at + CHUNK);
    if (new TextDecoder().decode(slot.subarray(0, 7)) === 'ElfChnk') chunks.push(slot);
  }
  return chunks;
}

async function ensureLog(minBytes: number, log: (text: string) => void): Promise<{ path: string; copies: number }> {
  const sample = new Uint8Array(readFileSync(SAMPLE));
  const chunks = sampleChunks(sample);
  const copies = Math.ceil((minBytes - HEADER_BLOCK) / (chunks.length * CHUNK));
  const path = `${DIR}evtx-sysmon-x${copies}.evtx`;
  if (!existsSync(path)) {
    await mkdir(DIR, { recursive: true });
    const out = createWriteStream(`${path}.part`);
    out.write(sample.subarray(0, HEADER_BLOCK));
    for (let copy = 0; copy < copies; copy++) for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    await rename(`${path}.part`, path);
    log(`generated ${path}: sysmon.evtx's ${chunks.length} chunks × ${copies}`);
  }
  return { path, copies };
}

const stream = (path: string) => createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;

/** The naive baseline (see the file comment): records walked by header, each decoded as UTF-16 text. */
export async function naiveEvtx(path: string): Promise<{ records: number; characters: number }> {
  const utf16 = new TextDecoder('utf-16le');
  const chunk = new Uint8Array(CHUNK);
  const view = new DataView(chunk.buffer);
  let filled = 0;
  let skip = HEADER_BLOCK;
  let records = 0;
  let characters = 0;
  for await (const piece of stream(path)) {
    let at = 0;
    if (skip > 0) {
      at = Math.min(skip, piece.length);
      skip -= at;
    }
    while (at < piece.length) {
      const take = Math.min(CHUNK - filled, piece.length - at);
      chunk.set(piece.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled < CHUNK) break;
      filled = 0;
      for (let offset = CHUNK_RECORDS_START; offset + RECORD_HEADER <= CHUNK && view.getUint32(offset, true) === RECORD_MAGIC; ) {
        const size = view.getUint32(offset + 4, true);
        if (size < RECORD_HEADER + 4 || offset + size > CHUNK) break;
        characters += utf16.decode(chunk.subarray(offset + RECORD_HEADER, offset + size - 4)).length;
        records++;
        offset += size;
      }
    }
  }
  return { records, characters };
}

async function parseOnly(path: string): Promise<number> {
  let records = 0;
  for await (const out of readEvtx(stream(path))) if (out.kind === 'record') records++;
  return records;
}

async function parseAndMap(path: string): Promise<number> {
  let records = 0;
  for await (const out of readEvtx(stream(path))) {
    if (out.kind !== 'record') continue;
    if (toEcs(toWinlogbeat(out.record, { filePath: path }))) records++;
  }
  return records;
}

export async function evtxBench(options: EvtxBenchOptions): Promise<void> {
  const { log, measure } = options;
  if (!existsSync(SAMPLE)) {
    log(`\nEVTX: skipped, ${SAMPLE} is missing (../shared not beside this clone)`);
    return;
  }
  const { path, copies } = await ensureLog(options.minBytes, log);
  const bytes = statSync(path).size;
  const rulePath = join(options.work, 'windows-rule.ndjson');
  writeFileSync(rulePath, `${JSON.stringify(WINDOWS_RULE)}\n`);

  let records = 0;
  const naive = await measure(async () => void (records = (await naiveEvtx(path)).records));
  log(`\nEVTX: sysmon.evtx × ${copies}, ${(bytes / 1e6).toFixed(0)} MB, ${records.toLocaleString('en-US')} records (the naive walk's count)`);
  const perSecond = (seconds: number) => `${Math.round(records / seconds).toLocaleString('en-US').padStart(9)} records/s`;
  const row = (label: string, figure: { seconds: number; peakRss: number }, extra = '') =>
    log(`  ${label.padEnd(40)} ${perSecond(figure.seconds)}   ${`${(naive.seconds / figure.seconds).toFixed(2)}x naive`.padStart(11)}   ${figure.seconds.toFixed(1).padStart(6)} s   peak RSS ${(figure.peakRss / 2 ** 20).toFixed(0)} MiB${extra}`);
  log(`  ${'naive (walk records, decode UTF-16)'.padEnd(40)} ${perSecond(naive.seconds)}                 ${naive.seconds.toFixed(1).padStart(6)} s   peak RSS ${(naive.peakRss / 2 ** 20).toFixed(0)} MiB`);

  // CPU seconds of this process beside the wall clock: the parser runs on one thread, so records
  // per CPU-second is its one-core rate even when the shared machine's other jobs slow the wall clock.
  const cpuRow = (label: string, figure: { seconds: number; peakRss: number }, cpuSeconds: number) =>
    row(label, figure, `   ${Math.round(records / cpuSeconds).toLocaleString('en-US')} records/CPU-s`);
  const cpuTimed = async (run: () => Promise<void>) => {
    let cpu = Infinity;
    const figure = await measure(async () => {
      const start = process.cpuUsage();
      await run();
      const used = process.cpuUsage(start);
      cpu = Math.min(cpu, (used.user + used.system) / 1e6);
    });
    return { figure, cpu };
  };
  let parsed = 0;
  const parse = await cpuTimed(async () => void (parsed = await parseOnly(path)));
  cpuRow('parse only (readEvtx)', parse.figure, parse.cpu);
  if (parsed !== records) throw new Error(`the parser read ${parsed} records, the naive walk ${records}`);
  let mapped = 0;
  const map = await cpuTimed(async () => void (mapped = await parseAndMap(path)));
  cpuRow('parse + Winlogbeat + ECS mapping', map.figure, map.cpu);

  if (mapped !== records) throw new Error(`${mapped} of ${records} records mapped`);
  const packs: [string, string[]][] = [['loupe scan, the Windows rule', [rulePath]], ['loupe scan, the bundled rules', []]];
  if (options.corpus) packs.push(['loupe scan, the public pack', [options.corpus]]);
  for (const [label, rules] of packs) {
    let alerts = 0;
    const figure = await measure(async () => void (alerts = await options.scan(path, rules)));
    row(label, figure, `   ${alerts.toLocaleString('en-US')} alerts`);
  }
  if (options.browserRuns !== undefined) {
    const small = await ensureLog(100e6, log);
    // Loaded only now: Vite and Playwright would add to the rows' peak RSS.
    const { evtxBrowserVsNode } = await import('./evtx-browser.ts');
    const { figures, userAgent } = await evtxBrowserVsNode(small.path, options.browserRuns);
    const rate = (run: { seconds: number; records: number }) => `${Math.round(run.records / run.seconds).toLocaleString('en-US').padStart(7)} records/s`;
    const cpuRate = (run: { cpuSeconds: number; records: number }) => `${Math.round(run.records / run.cpuSeconds).toLocaleString('en-US').padStart(7)} records/CPU-s`;
    log(`  parse only in a Chromium Worker vs Node, same code, sysmon.evtx × ${small.copies} (${figures.stream.node.records.toLocaleString('en-US')} records), best of ${options.browserRuns} (${userAgent.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0] ?? userAgent}):`);
    for (const [mode, label] of [['stream', 'from blob.stream()'], ['memory', 'from bytes in memory']] as const) {
      const { node, browser } = figures[mode];
      log(`    ${label.padEnd(21)} wall: Node ${rate(node)}   Worker ${rate(browser)}   Worker/Node ${(node.seconds / browser.seconds).toFixed(2)}x`);
      log(`    ${''.padEnd(21)} CPU:  Node ${cpuRate(node)}   Chromium ${cpuRate(browser)}   Worker/Node ${(node.cpuSeconds / browser.cpuSeconds).toFixed(2)}x`);
    }
  }
}
