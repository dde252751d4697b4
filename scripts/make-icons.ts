/**
 * Draws Loupe's icons in code (a white loupe on the app's accent blue) and writes them to public/:
 * `favicon.svg` and the web manifest's PNGs (192 and 512 px, and a 512 px maskable one whose glyph
 * stays inside the 80 % safe zone). One geometry serves the SVG and the PNG rasteriser.
 * Deterministic; the output is committed, and a test checks it is what this script writes.
 * Run with `npm run icons`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png-encode.ts';

export const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/** Geometry on a 100 × 100 canvas. */
const ICON = {
  background: [0x0b, 0x64, 0xdd] as const,
  cornerRadius: 22,
  lens: { cx: 42, cy: 42, r: 22, stroke: 9 },
  handle: { x1: 62, y1: 62, x2: 78, y2: 78, stroke: 13 },
  glassOpacity: 0.22,
};

/** Maskable icons are cropped to a circle of 80 % of the size: the glyph shrinks about the centre. */
const MASKABLE_SCALE = 0.72;

export interface IconFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export function iconFiles(): IconFile[] {
  return [
    { path: 'favicon.svg', bytes: new TextEncoder().encode(faviconSvg()) },
    { path: 'icons/icon-192.png', bytes: iconPng(192, false) },
    { path: 'icons/icon-512.png', bytes: iconPng(512, false) },
    { path: 'icons/maskable-512.png', bytes: iconPng(512, true) },
  ];
}

export function faviconSvg(): string {
  const { lens, handle } = ICON;
  const [r, g, b] = ICON.background;
  const fill = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">',
    `<rect width="100" height="100" rx="${ICON.cornerRadius}" fill="${fill}"/>`,
    `<circle cx="${lens.cx}" cy="${lens.cy}" r="${lens.r}" fill="#fff" fill-opacity="${ICON.glassOpacity}" stroke="#fff" stroke-width="${lens.stroke}"/>`,
    `<line x1="${handle.x1}" y1="${handle.y1}" x2="${handle.x2}" y2="${handle.y2}" stroke="#fff" stroke-width="${handle.stroke}" stroke-linecap="round"/>`,
    '</svg>',
    '',
  ].join('\n');
}

export function iconPng(size: number, maskable: boolean): Uint8Array {
  return encodePng(size, size, rasterise(size, maskable));
}

/** 4 × 4 supersampling per pixel; colours are averaged premultiplied, then un-premultiplied. */
function rasterise(size: number, maskable: boolean): Uint8Array {
  const samples = 4;
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = ((px + (sx + 0.5) / samples) / size) * 100;
          const y = ((py + (sy + 0.5) / samples) / size) * 100;
          const [r, g, b, a] = shade(x, y, maskable);
          red += r * a;
          green += g * a;
          blue += b * a;
          alpha += a;
        }
      }
      const offset = (py * size + px) * 4;
      const n = samples * samples;
      rgba[offset] = alpha ? Math.round(red / alpha) : 0;
      rgba[offset + 1] = alpha ? Math.round(green / alpha) : 0;
      rgba[offset + 2] = alpha ? Math.round(blue / alpha) : 0;
      rgba[offset + 3] = Math.round((alpha / n) * 255);
    }
  }
  return rgba;
}

/** The colour at one point of the 100 × 100 canvas: [r, g, b] in 0..255 and alpha in 0..1. */
function shade(x: number, y: number, maskable: boolean): [number, number, number, number] {
  if (!maskable && !insideRoundedSquare(x, y)) return [0, 0, 0, 0];
  // The glyph is drawn in its own coordinates: shrunk about the centre for maskable icons.
  const gx = maskable ? 50 + (x - 50) / MASKABLE_SCALE : x;
  const gy = maskable ? 50 + (y - 50) / MASKABLE_SCALE : y;
  const { lens, handle } = ICON;
  const fromCentre = Math.hypot(gx - lens.cx, gy - lens.cy);
  const onRing = Math.abs(fromCentre - lens.r) <= lens.stroke / 2;
  const onHandle = distanceToSegment(gx, gy, handle.x1, handle.y1, handle.x2, handle.y2) <= handle.stroke / 2;
  if (onRing || onHandle) return [255, 255, 255, 1];
  const [r, g, b] = ICON.background;
  if (fromCentre < lens.r) {
    const o = ICON.glassOpacity;
    return [r + (255 - r) * o, g + (255 - g) * o, b + (255 - b) * o, 1];
  }
  return [r, g, b, 1];
}

function insideRoundedSquare(x: number, y: number): boolean {
  const radius = ICON.cornerRadius;
  const dx = Math.max(radius - x, x - (100 - radius), 0);
  const dy = Math.max(radius - y, y - (100 - radius), 0);
  return dx * dx + dy * dy <= radius * radius;
}

function distanceToSegment(x: number, y: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

export function writeIcons(dir = PUBLIC_DIR): string[] {
  const written: string[] = [];
  for (const file of iconFiles()) {
    const target = `${dir}/${file.path}`;
    mkdirSync(target.slice(0, target.lastIndexOf('/')), { recursive: true });
    writeFileSync(target, file.bytes);
    written.push(file.path);
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`icons written to ${PUBLIC_DIR}: ${writeIcons().join(', ')}`);
}
