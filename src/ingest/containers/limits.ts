/**
 * Decompression bomb limits, checked as output is produced so a bomb never gets to allocate.
 * The ratio limit applies only past `ratioFloorBytes`: small, very repetitive inputs (a few
 * thousand identical lines) compress far beyond any sane ratio yet are harmless.
 */
import { ContainerError } from './errors.ts';

export interface DecompressionLimits {
  /** Most bytes one compressed stream or archive entry may expand to. */
  readonly maxDecompressedBytes: number;
  /** Most output bytes per input byte of one compressed stream or entry. */
  readonly maxRatio: number;
  /** Output below this size is never called a bomb, whatever the ratio. */
  readonly ratioFloorBytes: number;
}

/**
 * Real evidence compresses 5-30x (gzip) and up to ~100x (zstd -19 on very regular logs);
 * deflate's own ceiling is ~1032x. 200x leaves room for the former and catches the latter.
 */
export const DEFAULT_LIMITS: DecompressionLimits = {
  maxDecompressedBytes: 64 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 32 * 1024 * 1024,
};

/** Counts one stream's input and output and stops it when it passes a limit. */
export class DecompressionMeter {
  input = 0;
  output = 0;

  constructor(
    private readonly limits: DecompressionLimits,
    private readonly what: string,
  ) {}

  consumed(bytes: number): void {
    this.input += bytes;
  }

  produced(bytes: number): void {
    this.output += bytes;
    const { maxDecompressedBytes, maxRatio, ratioFloorBytes } = this.limits;
    if (this.output > maxDecompressedBytes) {
      throw new ContainerError(`decompression limit: ${this.what} expands past ${maxDecompressedBytes} bytes (limit maxDecompressedBytes); the rest of it is skipped`, this.input, true);
    }
    if (this.output > ratioFloorBytes && this.output > maxRatio * Math.max(1, this.input)) {
      const ratio = Math.round(this.output / Math.max(1, this.input));
      throw new ContainerError(`decompression bomb: ${this.what} expands ${ratio}x, over the limit of ${maxRatio}x (limit maxRatio); the rest of it is skipped`, this.input, true);
    }
  }
}
