/**
 * Vite plugins for `npm run build:single`: ONE HTML file that runs from file:// (USB transport).
 * vite-plugin-singlefile inlines the page's script and styles; these plugins inline the Web
 * Workers (file:// pages cannot start workers from files), inline the favicon, give the file a
 * Content-Security-Policy that allows exactly its own inline code (by SHA-256), and fail the build
 * if anything would still be loaded from beside the file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

export const SINGLE_FILE_NAME = 'loupe.html';

const WORKER_FROM_URL = /new\s+Worker\(\s*new\s+URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)\s*,?/g;

/**
 * `new Worker(new URL('./x.worker.ts', import.meta.url), options)` becomes Vite's inline worker
 * (`./x.worker.ts?worker&inline`: the bundled worker as a string, started from a blob: URL), so the
 * worker modules stay written the standard way for the site build.
 */
export function inlineWorkers(): Plugin {
  return {
    name: 'loupe:inline-workers',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('new Worker(')) return null;
      const imports: string[] = [];
      const rewritten = code.replace(WORKER_FROM_URL, (_match, _quote: string, path: string) => {
        const name = `__LoupeInlineWorker${imports.length}`;
        imports.push(`import ${name} from ${JSON.stringify(`${path}?worker&inline`)};`);
        return `new ${name}(`;
      });
      if (imports.length === 0) return null;
      return { code: `${imports.join('\n')}\n${rewritten}`, map: null };
    },
  };
}

const CSP_META = /(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")/;

/**
 * The page as the single file needs it before inlining: the favicon as a data: URL, no manifest or
 * touch icon links (nothing to point at), and a hash-based policy (placeholders until the code is
 * inlined and hashed; vite-plugin-singlefile checks that the policy is hash-based).
 */
export function singleFileHtml(faviconPath: string): Plugin {
  return {
    name: 'loupe:single-file-html',
    apply: 'build',
    transformIndexHtml(html) {
      if (!CSP_META.test(html)) throw new Error('single-file build: index.html has no Content-Security-Policy meta to fill in');
      const svg = readFileSync(faviconPath, 'utf8');
      const dataUrl = `data:image/svg+xml,${encodeURIComponent(svg)}`;
      return html
        .replace(CSP_META, `$1${singleFileCsp(['pending'], ['pending'])}$2`)
        .replace(/<link rel="icon"[^>]*>/, `<link rel="icon" type="image/svg+xml" href="${dataUrl}" />`)
        .replace(/\s*<link rel="(manifest|apple-touch-icon)"[^>]*>/g, '');
    },
  };
}

/** The single file's policy: nothing but its own inline script and style, blob: workers and the data: favicon. */
export function singleFileCsp(scriptHashes: readonly string[], styleHashes: readonly string[]): string {
  const list = (hashes: readonly string[]) => hashes.map((hash) => `'sha256-${hash}'`).join(' ');
  return [
    "default-src 'none'",
    `script-src ${list(scriptHashes)}`,
    `style-src ${list(styleHashes)}`,
    'worker-src blob:',
    'img-src data:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * Runs after vite-plugin-singlefile (list it later): hashes the inlined `<script>` and `<style>`
 * into the CSP meta, names the file, and fails the build if anything else is left in the bundle.
 */
export function finishSingleFile(): Plugin {
  return {
    name: 'loupe:finish-single-file',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const html = bundle['index.html'];
        if (!html || html.type !== 'asset') return this.error('single-file build: no index.html in the bundle');
        const leftovers = Object.keys(bundle).filter((name) => name !== 'index.html');
        if (leftovers.length > 0) return this.error(`single-file build: not inlined, would be loaded from beside the file: ${leftovers.join(', ')}`);
        const source = String(html.source);
        // One left-to-right pass: a "<style>" inside a script's text is part of that script.
        // vite-plugin-singlefile escapes "</script" inside inlined code, so each match ends at its own end tag.
        const elements = [...source.matchAll(/<(script|style)\b([^>]*)>([\s\S]*?)<\/\1>/g)];
        if (elements.some((match) => /\ssrc=/.test(match[2] ?? '')) || /<link\b[^>]*rel="(stylesheet|modulepreload)"/.test(source)) {
          return this.error('single-file build: the HTML still refers to a script or stylesheet file');
        }
        const hashesOf = (tag: string) => elements.filter((match) => match[1] === tag).map((match) => sha256Base64(match[3] ?? ''));
        const policy = singleFileCsp(hashesOf('script'), hashesOf('style'));
        delete bundle['index.html'];
        this.emitFile({ type: 'asset', fileName: SINGLE_FILE_NAME, source: source.replace(CSP_META, `$1${policy}$2`) });
      },
    },
  };
}
