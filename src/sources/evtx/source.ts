/**
 * The `evtx` source: a Windows event log recognised by its `ElfFile\0` magic, streamed chunk by
 * chunk through `EvtxReader` (one 64 KiB chunk in memory at a time), each record rendered in
 * Winlogbeat's shape and mapped as Elastic's integrations map it (`ecs/`). Records the reader
 * could not read come back as not mapped, with the reader's reason and position.
 */
import { formatCount } from '../../engine/output/plural.ts';
import type { BytesMapResult, BytesSource } from '../types.ts';
import { toEcs } from './ecs/index.ts';
import { isEvtx } from './file-header.ts';
import { EvtxReader } from './reader.ts';
import type { EvtxOutput, EvtxProblem } from './types.ts';
import { toWinlogbeat } from './winlogbeat.ts';

/** The key damage is counted under in the file summary. */
export const UNREADABLE = 'records that could not be read';

function where(problem: EvtxProblem): string {
  const chunk = problem.chunk === undefined ? 'file header' : `chunk ${problem.chunk}`;
  const record = problem.recordId !== undefined ? `, record ${problem.recordId}` : '';
  return `${chunk}, offset ${problem.offset}${record}: ${problem.reason}`;
}

export const evtxSource: BytesSource = {
  kind: 'bytes',
  name: 'evtx',
  recordNoun: 'record',
  hostsInRecords: true,
  sniff: isEvtx,
  createMapper({ path }) {
    const reader = new EvtxReader();
    const channels = new Map<string, number>();
    const results = (outputs: Iterable<EvtxOutput>): BytesMapResult[] => {
      const out: BytesMapResult[] = [];
      for (const output of outputs) {
        if (output.kind === 'record') {
          const event = toEcs(toWinlogbeat(output.record, { filePath: path }));
          const channel = String((event['winlog'] as { channel?: unknown } | undefined)?.channel ?? '(no channel)');
          channels.set(channel, (channels.get(channel) ?? 0) + 1);
          out.push({ events: [event] });
        } else if (output.kind === 'problem' && output.problem.records > 0) {
          // A problem that lost nothing (a checksum mismatch whose records were then read one by one) is no record.
          out.push({ notMapped: UNREADABLE, message: where(output.problem), records: output.problem.records });
        }
      }
      return out;
    };
    return {
      push(chunk) {
        reader.push(chunk);
        return results(reader.drain());
      },
      end: () => results(reader.end()),
      detail() {
        if (channels.size === 0) return undefined;
        const named = [...channels].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([channel, n]) => (channels.size === 1 ? channel : `${channel} ${formatCount(n)}`));
        return `channel ${named.join(', ')}`;
      },
    };
  },
};
