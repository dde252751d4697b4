/**
 * Zstandard, streamed with fzstd (every frame, skippable frames skipped). fzstd does not check
 * the optional content checksum, so damage inside a zstd frame is found only when it breaks the
 * frame's structure; truncation always is.
 */
import { Decompress } from 'fzstd';
import type { ByteReader } from './byte-reader.ts';
import { ContainerError, messageOf } from './errors.ts';
import { INFLATE_SLICE } from './inflate.ts';
import { DecompressionMeter, type DecompressionLimits } from './limits.ts';

export async function* unzstd(reader: ByteReader, limits: DecompressionLimits): AsyncGenerator<Uint8Array> {
  const meter = new DecompressionMeter(limits, 'the zstd stream');
  let output: Uint8Array[] = [];
  const decoder = new Decompress((data) => {
    if (data.length > 0) output.push(data);
  });
  const push = (input: Uint8Array, final: boolean, at: number) => {
    try {
      decoder.push(input, final);
    } catch (error) {
      const truncated = (error as { code?: number }).code === 5;
      throw new ContainerError(truncated ? 'truncated zstd: the data ends inside a frame' : `invalid zstd data: ${messageOf(error)}`, at);
    }
  };
  for (;;) {
    const at = reader.position;
    const input = await reader.next(INFLATE_SLICE);
    push(input ?? new Uint8Array(0), !input, at);
    if (input) meter.consumed(input.length);
    const produced = output;
    output = [];
    for (const bytes of produced) {
      meter.produced(bytes.length);
      yield bytes;
    }
    if (!input) return;
  }
}
