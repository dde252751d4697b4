/** Runs the intake pipeline over in-memory inputs, split into chunks as a host would deliver them. */
import { intake, type IntakeFileSummary, type IntakeOptions, type IntakeSource } from '../../../src/ingest/intake.ts';

export interface Scanned {
  readonly events: { text: string; file: string; line: number; indexHint?: string; idHint?: string }[];
  readonly files: IntakeFileSummary[];
}

/** Chunk sizes cycle through `chunkSizes` (default: one chunk). */
export function memorySource(name: string, bytes: Uint8Array, chunkSizes: readonly number[] = [bytes.length || 1]): IntakeSource {
  return {
    name,
    size: bytes.length,
    async *chunks() {
      let turn = 0;
      for (let at = 0; at < bytes.length; ) {
        const size = Math.max(1, chunkSizes[turn++ % chunkSizes.length] ?? 1);
        yield bytes.slice(at, at + size);
        at += size;
      }
    },
  };
}

export async function scan(sources: readonly IntakeSource[], options: IntakeOptions = {}): Promise<Scanned> {
  const run = intake(sources, options);
  const events: Scanned['events'] = [];
  for await (const { event, source } of run) {
    events.push({ text: JSON.stringify(event), file: source.file, line: source.line, ...(source.indexHint !== undefined ? { indexHint: source.indexHint } : {}), ...(source.idHint !== undefined ? { idHint: source.idHint } : {}) });
  }
  return { events, files: run.files };
}

export async function scanBytes(name: string, bytes: Uint8Array, options: IntakeOptions = {}, chunkSizes?: readonly number[]): Promise<Scanned> {
  return scan([memorySource(name, bytes, chunkSizes)], options);
}
