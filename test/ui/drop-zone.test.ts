// @vitest-environment jsdom
import './vitest.setup.ts';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import EvidencePanel from '../../src/ui/evidence/EvidencePanel.svelte';
import type { EvidenceFile } from '../../src/ui/scan-client.ts';

const file = (name: string): File => new File(['{"a":1}\n'], name);
const paths = (files: EvidenceFile[]): string[] => files.map((item) => item.path);

/** Minimal FileSystemEntry trees, as Chromium hands them out from a drop. */
function fileEntry(fullPath: string): FileSystemFileEntry {
  const name = fullPath.split('/').pop()!;
  return { isFile: true, isDirectory: false, name, fullPath, file: (resolve: (file: File) => void) => resolve(file(name)) } as unknown as FileSystemFileEntry;
}

function directoryEntry(fullPath: string, children: FileSystemEntry[]): FileSystemDirectoryEntry {
  return {
    isFile: false,
    isDirectory: true,
    name: fullPath.split('/').pop()!,
    fullPath,
    createReader: () => {
      // Answers in two batches, then an empty one, as readEntries does for large folders.
      const batches = [children.slice(0, 1), children.slice(1), []];
      return { readEntries: (resolve: (entries: FileSystemEntry[]) => void) => resolve(batches.shift() ?? []) };
    },
  } as unknown as FileSystemDirectoryEntry;
}

const item = (entry: FileSystemEntry) => ({ kind: 'file', webkitGetAsEntry: () => entry });

describe('EvidencePanel', () => {
  it('has the evidence file input, taking several files', async () => {
    const onfiles = vi.fn();
    render(EvidencePanel, { busy: false, samples: true, onfiles, onsample: vi.fn() });
    const input = screen.getByTestId<HTMLInputElement>('evidence-input');
    expect(input.type).toBe('file');
    expect(input.multiple).toBe(true);
    await userEvent.upload(input, [file('a.ndjson'), file('b.json.gz')]);
    expect(onfiles).toHaveBeenCalledTimes(1);
    expect(paths(onfiles.mock.calls[0]![0] as EvidenceFile[])).toEqual(['a.ndjson', 'b.json.gz']);
  });

  it('walks dropped folders into files with their relative paths', async () => {
    const onfiles = vi.fn();
    render(EvidencePanel, { busy: false, samples: true, onfiles, onsample: vi.fn() });
    const folder = directoryEntry('/case', [fileEntry('/case/z.ndjson'), directoryEntry('/case/logs', [fileEntry('/case/logs/a.ndjson'), fileEntry('/case/logs/b.ndjson')]), fileEntry('/case/b.tar')]);
    await fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { items: [item(folder), item(fileEntry('/top.zip'))], files: [] } });
    await waitFor(() => expect(onfiles).toHaveBeenCalledTimes(1));
    expect(paths(onfiles.mock.calls[0]![0] as EvidenceFile[])).toEqual(['case/b.tar', 'case/logs/a.ndjson', 'case/logs/b.ndjson', 'case/z.ndjson', 'top.zip']);
  });

  it('takes plain dropped files when the browser gives no entries', async () => {
    const onfiles = vi.fn();
    render(EvidencePanel, { busy: false, samples: true, onfiles, onsample: vi.fn() });
    await fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { files: [file('x.ndjson')] } });
    await waitFor(() => expect(onfiles).toHaveBeenCalledTimes(1));
    expect(paths(onfiles.mock.calls[0]![0] as EvidenceFile[])).toEqual(['x.ndjson']);
  });

  it('marks the zone while something is dragged over it', async () => {
    render(EvidencePanel, { busy: false, samples: true, onfiles: vi.fn(), onsample: vi.fn() });
    const zone = screen.getByTestId('drop-zone');
    await fireEvent.dragOver(zone, { dataTransfer: { dropEffect: 'none' } });
    expect(zone.classList.contains('over')).toBe(true);
    await fireEvent.dragLeave(zone);
    expect(zone.classList.contains('over')).toBe(false);
  });

  it('loads the sample case with one click', async () => {
    const onsample = vi.fn();
    render(EvidencePanel, { busy: false, samples: true, onfiles: vi.fn(), onsample });
    await userEvent.click(screen.getByRole('button', { name: 'Load sample case' }));
    expect(onsample).toHaveBeenCalledTimes(1);
  });

  it('refuses new evidence while a scan runs', async () => {
    const onfiles = vi.fn();
    render(EvidencePanel, { busy: true, samples: true, onfiles, onsample: vi.fn() });
    expect(screen.getByTestId<HTMLInputElement>('evidence-input').disabled).toBe(true);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Load sample case' }).disabled).toBe(true);
    await fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { files: [file('x.ndjson')] } });
    expect(onfiles).not.toHaveBeenCalled();
  });

  it('loads either part of the sample case: the case, or its later day against the new-terms history', async () => {
    const onsample = vi.fn();
    render(EvidencePanel, { busy: false, samples: true, onfiles: vi.fn(), onsample });
    await userEvent.click(screen.getByRole('button', { name: 'Load sample case' }));
    await userEvent.click(screen.getByRole('button', { name: 'Load its later day (uses new-terms history)' }));
    expect(onsample.mock.calls).toEqual([['defend'], ['later-day']]);
    expect(screen.queryByTestId('sample-hint')).toBeNull();
  });

  it('in the single file (no sample inside), offers no sample button and says where the archives are', () => {
    render(EvidencePanel, { busy: false, samples: false, onfiles: vi.fn(), onsample: vi.fn() });
    expect(screen.queryByRole('button', { name: /sample/i })).toBeNull();
    expect(screen.getByTestId('sample-hint').textContent).toMatch(/public\/sample\/ in the Loupe repository .*Choose files/s);
  });
});
