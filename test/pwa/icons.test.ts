import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/ingest/containers/crc32.ts';
import { iconFiles, PUBLIC_DIR } from '../../scripts/make-icons.ts';

interface Png {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Reads back what encodePng writes (one IDAT, filter 0 rows), checking every chunk's CRC. */
function decodePng(bytes: Uint8Array): Png {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0;
  let height = 0;
  let data = new Uint8Array();
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const type = new TextDecoder().decode(bytes.subarray(offset + 4, offset + 8));
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    expect(view.getUint32(offset + 8 + length)).toBe(crc32(bytes.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      expect([...body.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') data = unzlibSync(body);
    offset += length + 12;
  }
  const stride = width * 4 + 1;
  expect(data.length).toBe(height * stride);
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(data[y * stride]).toBe(0);
    rgba.set(data.subarray(y * stride + 1, (y + 1) * stride), y * width * 4);
  }
  return { width, height, rgba };
}

const pixel = (png: Png, x: number, y: number) => [...png.rgba.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4)];

describe('app icons (scripts/make-icons.ts)', () => {
  it.each(iconFiles().map((file) => [file.path, file.bytes] as const))('public/%s is what the script draws', (path, bytes) => {
    expect(Buffer.from(readFileSync(join(PUBLIC_DIR, path))).equals(Buffer.from(bytes))).toBe(true);
  });

  it.each([
    ['icons/icon-192.png', 192, false],
    ['icons/icon-512.png', 512, false],
    ['icons/maskable-512.png', 512, true],
  ] as const)('%s is a valid %i px RGBA PNG (maskable: %s)', (path, size, maskable) => {
    const png = decodePng(readFileSync(join(PUBLIC_DIR, path)));
    expect([png.width, png.height]).toEqual([size, size]);
    // Rounded corners are transparent; a maskable icon is full-bleed (the platform crops it).
    expect(pixel(png, 0, 0)[3]).toBe(maskable ? 255 : 0);
    // The centre of the lens is the tinted glass, the middle of the handle is white.
    expect(pixel(png, Math.round(size * 0.42), Math.round(size * 0.42))).not.toEqual(pixel(png, Math.round(size * 0.05), Math.round(size * 0.5)));
    const handle = maskable ? 50 + (70 - 50) * 0.72 : 70;
    expect(pixel(png, Math.round((size * handle) / 100), Math.round((size * handle) / 100))).toEqual([255, 255, 255, 255]);
  });

  it('the favicon is an SVG with nothing external in it', () => {
    const svg = readFileSync(join(PUBLIC_DIR, 'favicon.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 100 100">/);
    expect(svg).not.toMatch(/href|<script|<image|url\(/i);
  });
});
