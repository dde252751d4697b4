/**
 * The app's "Export events" gives what `loupe events [--bulk]` writes, byte for byte: the same
 * function (ingest/derived-events.ts) behind both, reached in the app through the readers' intake.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeSample } from '../../scripts/make-sample.ts';
import { ESLOGGER_HOST } from '../../scripts/sample/eslogger-case.ts';
import { seedActivities } from '../sources/activities.ts';
import { runLoupe } from '../cli/run-cli.ts';
import { rawEvidenceItems } from '../../src/ui/evidence/dropped-items.ts';
import type { EvidenceFile } from '../../src/ui/scan-client.ts';
import { blobOf, eventsBlob } from '../../src/workers/events-export.ts';
import { readers } from './helpers/readers.ts';
import { testClient, type TestClient } from './helpers/test-client.ts';
import { tempDir } from '../support/temp-dir.ts';

let dir = '';
let sample: { eslogger: string; first: string } = { eslogger: '', first: '' };

beforeAll(async () => {
  // The app's sample files as `npm run sample` writes them to public/sample/, plus a dropped folder of raw evidence.
  dir = tempDir('loupe-events-export-');
  sample = await makeSample(dir);
  mkdirSync(join(dir, 'mbp-dave', 'logs'), { recursive: true });
  writeFileSync(join(dir, 'mbp-dave', 'logs', 'es.json'), seedActivities('2024-05-07').es.lines());
});

const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.dispose();
});

/** `loupe events ARGS` run in the sample's folder: the CLI names files by the path it is given, the app by the dropped path. */
async function cliEvents(...args: string[]): Promise<string> {
  const cwd = process.cwd();
  process.chdir(dir);
  const run = await runLoupe('events', ...args).finally(() => process.chdir(cwd));
  expect(run.code).toBe(0);
  return run.stdout;
}

async function open(): Promise<TestClient['client']> {
  const opened = await testClient();
  clients.push(opened);
  return opened.client;
}

function dropped(path: string): EvidenceFile {
  return { path, file: new File([readFileSync(join(dir, path))], path.split('/').at(-1)!, { lastModified: 0 }) };
}

describe('Export events (app) = loupe events (CLI)', () => {
  it('the eslogger sample: NDJSON and _bulk byte for byte', async () => {
    const client = await open();
    const files = [dropped(sample.eslogger)];
    const ndjson = await cliEvents(sample.eslogger);
    expect(ndjson.split('\n').length).toBeGreaterThan(100);
    expect(JSON.parse(ndjson.slice(0, ndjson.indexOf('\n')))).toMatchObject({ host: { name: ESLOGGER_HOST }, log: { file: { path: sample.eslogger } } });
    const app = await client.exportEvents(files, 'ndjson');
    expect(app.type).toBe('application/x-ndjson');
    expect(await app.text()).toBe(ndjson);
    expect(await (await client.exportEvents(files, 'bulk')).text()).toBe(await cliEvents(sample.eslogger, '--bulk'));
  });

  it('a dropped folder is one item named after its top folder, as `loupe events FOLDER`; ECS archives pass through; order kept over two readers', async () => {
    const files = [dropped(sample.eslogger), dropped('mbp-dave/logs/es.json'), dropped(sample.first)];
    const cli = await cliEvents(sample.eslogger, 'mbp-dave', sample.first, '--bulk');
    expect(cli).toContain('"host":{"name":"mbp-dave"');
    const pool = readers(2);
    try {
      const scanFiles = files.map((file) => ({ name: file.path, blob: file.file, host: file.path.startsWith('mbp-dave/') ? 'mbp-dave' : ESLOGGER_HOST }));
      expect(await (await eventsBlob(scanFiles.slice(0, 2), 'bulk', pool.readers)).text()).toBe(await cliEvents(sample.eslogger, 'mbp-dave', '--bulk'));
    } finally {
      pool.close();
    }
    const client = await open();
    expect(await (await client.exportEvents(files, 'bulk')).text()).toBe(cli);
  });

  it('a host named for an item is the one its raw evidence gets, as `--host`', async () => {
    const client = await open();
    const files = [{ ...dropped(sample.eslogger), host: 'carol-laptop' }];
    expect(await (await client.exportEvents(files, 'ndjson')).text()).toBe(await cliEvents(sample.eslogger, '--host', 'carol-laptop'));
  });
});

describe('host names of a real scan', () => {
  it('the scan states each dropped item\'s host, and the app lists the items holding raw evidence from its summaries', async () => {
    const client = await open();
    const files = [dropped(sample.eslogger), dropped('mbp-dave/logs/es.json'), dropped(sample.first)];
    const result = await client.start(files, { useNewTermsState: false }, () => undefined).result;
    expect(result.files.filter((file) => file.source).map((file) => [file.file, file.source!.host])).toEqual([
      [sample.eslogger, ESLOGGER_HOST],
      ['mbp-dave/logs/es.json', 'mbp-dave'],
    ]);
    expect(rawEvidenceItems(files, result.files).map(({ item, host, folder }) => ({ item, host, folder }))).toEqual([
      { item: sample.eslogger, host: ESLOGGER_HOST, folder: false },
      { item: 'mbp-dave', host: 'mbp-dave', folder: true },
    ]);
  });
});

describe('blobOf', () => {
  it('folds the pieces into the Blob as they come, keeping every byte in order', async () => {
    const pieces = Array.from({ length: 50 }, (_, i) => `{"n":${i},"s":"é${'x'.repeat(i)}"}\n`);
    async function* stream() {
      yield* pieces;
    }
    expect(await (await blobOf(stream(), 64)).text()).toBe(pieces.join(''));
    expect(await (await blobOf(stream())).text()).toBe(pieces.join(''));
  });
});
