import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blobSource, entrySources } from '../../src/ingest/hosts/browser.ts';
import { nodeSources } from '../../src/ingest/hosts/node.ts';
import { droppedFiles } from '../../src/ui/evidence/dropped-files.ts';
import type { IntakeSource } from '../../src/ingest/intake.ts';
import { gzip, zip } from './helpers/build.ts';
import { NDJSON } from './helpers/corpus.ts';
import { scan } from './helpers/scan.ts';

async function collect(sources: AsyncIterable<IntakeSource>): Promise<IntakeSource[]> {
  const all: IntakeSource[] = [];
  for await (const source of sources) all.push(source);
  return all;
}

describe('node host', () => {
  const root = mkdtemp(join(tmpdir(), 'loupe-intake-'));
  afterAll(async () => rm(await root, { recursive: true, force: true }));

  it('walks folders recursively in name order, follows symlinked folders once, streams each file', async () => {
    const dir = await root;
    await mkdir(join(dir, 'case/b-sub'), { recursive: true });
    await writeFile(join(dir, 'case/a.ndjson'), NDJSON);
    await writeFile(join(dir, 'case/b-sub/c.log'), gzip(NDJSON));
    await writeFile(join(dir, 'case/d.zip'), zip([{ name: 'e.ndjson', data: NDJSON }]));
    await symlink(join(dir, 'case'), join(dir, 'case/loop'));
    const sources = await collect(nodeSources([join(dir, 'case'), join(dir, 'case/a.ndjson')]));
    expect(sources.map((source) => source.name.slice(dir.length + 1))).toEqual(['case/a.ndjson', 'case/b-sub/c.log', 'case/d.zip']);
    const result = await scan(sources);
    expect(result.files.map((file) => [file.file.slice(dir.length + 1), file.events])).toEqual([
      ['case/a.ndjson', 5],
      ['case/b-sub/c.log', 5],
      ['case/d.zip!e.ndjson', 5],
    ]);
  });
});

/** Minimal stand-ins for the File and Directory Entries API as a drop hands it out. */
function fileEntry(fullPath: string, bytes: Uint8Array): FileSystemFileEntry {
  const name = fullPath.split('/').at(-1) ?? '';
  return { isFile: true, isDirectory: false, name, fullPath, file: (resolve: (file: File) => void) => resolve(new File([bytes.slice()], name)) } as unknown as FileSystemFileEntry;
}

function directoryEntry(fullPath: string, children: FileSystemEntry[]): FileSystemDirectoryEntry {
  const name = fullPath.split('/').at(-1) ?? '';
  return {
    isFile: false,
    isDirectory: true,
    name,
    fullPath,
    createReader: () => {
      // Two batches, then none, as Chrome hands out large folders.
      const batches = [children.slice(0, 1), children.slice(1), []];
      return { readEntries: (resolve: (entries: FileSystemEntry[]) => void) => resolve(batches.shift() ?? []) };
    },
  } as unknown as FileSystemDirectoryEntry;
}

describe('browser host', () => {
  it('streams a Blob', async () => {
    const result = await scan([blobSource(new Blob([gzip(NDJSON).slice()]), 'upload.gz')]);
    expect(result.files[0]).toMatchObject({ file: 'upload.gz', containers: ['gzip'], events: 5 });
  });

  it('walks a dropped folder in batches, in name order', async () => {
    const dropped = directoryEntry('/evidence', [
      fileEntry('/evidence/z.ndjson', NDJSON),
      directoryEntry('/evidence/host1', [fileEntry('/evidence/host1/b.ndjson.gz', gzip(NDJSON)), fileEntry('/evidence/host1/a.ndjson', NDJSON)]),
    ]);
    const sources = await collect(entrySources([dropped]));
    expect(sources.map((source) => [source.name, source.size])).toEqual([
      ['evidence/host1/a.ndjson', NDJSON.length],
      ['evidence/host1/b.ndjson.gz', gzip(NDJSON).length],
      ['evidence/z.ndjson', NDJSON.length],
    ]);
    const result = await scan(sources);
    expect(result.events).toHaveLength(15);
  });

  it("gives the app's drop zone the same files, in the same order, as the sources it streams", async () => {
    const tree = () => [
      directoryEntry('/evidence', [fileEntry('/evidence/z.ndjson', NDJSON), directoryEntry('/evidence/host1', [fileEntry('/evidence/host1/b.ndjson.gz', gzip(NDJSON)), fileEntry('/evidence/host1/a.ndjson', NDJSON)])]),
      fileEntry('/loose.ndjson', NDJSON),
    ];
    const transfer = { items: tree().map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry })), files: [] } as unknown as DataTransfer;
    const dropped = await droppedFiles(transfer);
    const sources = await collect(entrySources(tree()));
    expect(dropped.map((file) => [file.path, file.file.size])).toEqual(sources.map((source) => [source.name, source.size]));
    expect(dropped.map((file) => file.path)).toEqual(['evidence/host1/a.ndjson', 'evidence/host1/b.ndjson.gz', 'evidence/z.ndjson', 'loose.ndjson']);
  });
});
