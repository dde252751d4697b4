/**
 * The EVTX reference data in `../shared/conformance/evtx` (samples, snapshots, Windows' own XML,
 * Winlogbeat goldens). A clone without `../shared` skips these suites with one test naming what is
 * missing; under CI (`CI=true`) that test fails instead (test/support/shared-data.ts).
 */
import { readFileSync } from 'node:fs';
import { readEvtx } from '../../../src/sources/evtx/reader.ts';
import type { EvtxOutput, EvtxProblem, EvtxRecord, EvtxSummary } from '../../../src/sources/evtx/types.ts';
import { needShared, sharedPath } from '../../support/shared-data.ts';

const ROOT = 'conformance/evtx';

export function evtxData(relative: string): string {
  return sharedPath(`${ROOT}/${relative}`);
}

export function readEvtxJson<T>(relative: string): T {
  return JSON.parse(readFileSync(evtxData(relative), 'utf8')) as T;
}

/** True when the data is there; otherwise registers one skipping (CI: failing) test in the suite's place. */
export function needEvtxData(): boolean {
  return needShared(ROOT);
}

export interface ReadResult {
  readonly records: EvtxRecord[];
  readonly problems: EvtxProblem[];
  readonly summary: EvtxSummary;
  readonly outputs: EvtxOutput[];
}

/** Every output of reading `relative` (under the EVTX data folder, or an absolute path) fed as one piece. */
export async function readSample(relative: string): Promise<ReadResult> {
  return readPieces([readFileSync(relative.startsWith('/') ? relative : evtxData(relative))]);
}

export async function readPieces(pieces: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<ReadResult> {
  const outputs: EvtxOutput[] = [];
  for await (const output of readEvtx(pieces)) outputs.push(output);
  const end = outputs.at(-1);
  if (end?.kind !== 'end') throw new Error('reader did not end with a summary');
  return {
    records: outputs.flatMap((o) => (o.kind === 'record' ? [o.record] : [])),
    problems: outputs.flatMap((o) => (o.kind === 'problem' ? [o.problem] : [])),
    summary: end.summary,
    outputs,
  };
}

/** A golden document's leaf fields by dotted path (arrays are leaves), as beats' module tests compare them. */
export function leaves(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) leaves(child, `${prefix}${key}.`, out);
    else out[`${prefix}${key}`] = child;
  }
  return out;
}
