/**
 * Decompression bomb limits, checked as output is produced so a bomb never gets to allocate.
 * Output is streamed (nothing holds a whole decompressed stream), so what a bomb can cost is time,
 * not memory: the limits bound that. Decided (docs/intake.md):
 * - the ratio applies only once a stream's output passes `ratioFloorBytes` (1 GiB): below that,
 *   however repetitive the evidence, reading it costs seconds, and refusing it loses events
 *   (real NDJSON compressed 241x with zstd -19 was refused at the old 32 MiB floor);
 * - `maxRatio` 500: real evidence reaches ~250x (zstd -19 on very regular logs), deflate cannot
 *   pass ~1032x, zstd bombs go far beyond; a responder whose evidence is more regular raises it
 *   (`loupe scan --max-ratio N`, "Most expansion" in the app), and the message says so;
 * - `maxDecompressedBytes` 64 GiB per stream;
 * - the same limits over everything decompressed from one input file, nested archives counted
 *   together (`total`), so a zip of zips of bombs is stopped at the outermost file, not member by
 *   member; once passed, every further output of that file stops at once.
 */
import { ContainerError } from './errors.ts';

export interface DecompressionLimits {
  /** Most bytes one compressed stream or archive entry (and one input file, all layers) may expand to. */
  readonly maxDecompressedBytes: number;
  /** Most output bytes per input byte of one compressed stream or entry (and one input file). */
  readonly maxRatio: number;
  /** Output below this size is never called a bomb, whatever the ratio. */
  readonly ratioFloorBytes: number;
  /** The meter of the whole input file these streams come from; each stream adds its output to it. */
  readonly total?: DecompressionMeter;
}

export const DEFAULT_LIMITS: DecompressionLimits = {
  maxDecompressedBytes: 64 * 1024 ** 3,
  maxRatio: 500,
  ratioFloorBytes: 1024 ** 3,
};

/** How a responder raises the ratio limit, named by every message about it. */
export const RAISE_RATIO_HINT = "if this is real evidence, raise the limit: 'loupe scan --max-ratio N', or Most expansion in the app's scan options";

/** Counts one stream's input and output and stops it when it passes a limit. */
export class DecompressionMeter {
  input = 0;
  output = 0;
  /** Once a limit is passed, every later output is refused with the same message. */
  #passed: string | undefined;

  constructor(
    private readonly limits: DecompressionLimits,
    private readonly what: string,
  ) {}

  consumed(bytes: number): void {
    this.input += bytes;
  }

  produced(bytes: number): void {
    this.output += bytes;
    this.#passed ??= this.#check();
    if (this.#passed !== undefined) throw new ContainerError(this.#passed, this.input, true);
    this.limits.total?.produced(bytes);
  }

  #check(): string | undefined {
    const { maxDecompressedBytes, maxRatio, ratioFloorBytes } = this.limits;
    if (this.output > maxDecompressedBytes) {
      return `decompression limit: ${this.what} expands past ${maxDecompressedBytes} bytes (limit maxDecompressedBytes); the rest of it is skipped`;
    }
    if (this.output > ratioFloorBytes && this.output > maxRatio * Math.max(1, this.input)) {
      const ratio = Math.round(this.output / Math.max(1, this.input));
      return `decompression bomb: ${this.what} expands ${ratio}x, over the limit of ${maxRatio}x; the rest of it is skipped (${RAISE_RATIO_HINT})`;
    }
    return undefined;
  }
}
