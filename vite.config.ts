/// <reference types="vitest/config" />
import { defineConfig, type Plugin, type PluginOption } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { VitePWA } from 'vite-plugin-pwa';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { buildStampPlugin } from './scripts/build-stamp.ts';
import { packIndexPlugin } from './scripts/vite-pack-index.ts';
import { finishSingleFile, inlineWorkers, singleFileHtml } from './scripts/vite-single-file.ts';

/**
 * `vite build` writes the site (dist/): service worker precaching everything, web manifest, icons.
 * `vite build --mode single` writes ONE HTML file (dist-single/loupe.html) for file:// use: workers,
 * script and styles inlined, no service worker.
 */
export default defineConfig(({ mode }) => {
  const single = mode === 'single';
  return {
    // svelteTesting only acts under Vitest: component tests (jsdom) get Svelte's browser build.
    plugins: [svelte(), svelteTesting({ autoCleanup: false }), devStyleCsp(), packIndexPlugin(!single), ...(single ? singleFilePlugins() : sitePlugins())],
    build: single
      ? { target: 'es2022', outDir: 'dist-single', sourcemap: false, rolldownOptions: { onwarn: dropSingleFileCspWarning } }
      : { target: 'es2022', sourcemap: true },
    // The single file carries no public/ files: no sample, no icons (the favicon is inlined).
    ...(single ? { publicDir: false as const } : {}),
    // Scan workers (src/workers/*.worker.ts, started with `new Worker(new URL(...), { type: 'module' })`) are ES module
    // chunks; the single file's are classic scripts, because Chromium refuses module workers from blob: URLs on file:// pages.
    worker: { format: single ? ('iife' as const) : ('es' as const) },
    test: {
      include: ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 60_000,
      // Skips that carry a reason (reference data missing from ../shared) are listed under the summary.
      reporters: ['default', './test/support/skip-notes-reporter.ts'],
    },
  };
});

function sitePlugins(): PluginOption[] {
  return [
    VitePWA({
      // The new version installs in the background and waits: it takes over once every Loupe tab
      // is closed, so a running page (and scan) never meets a half-replaced set of files.
      registerType: 'prompt',
      // Registered by the app itself (src/pwa/register.ts), which offers a waiting version in the page.
      injectRegister: false,
      // The glob below already lists public/ files: listing icons again would only duplicate entries.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Loupe: offline Elastic Security detections',
        short_name: 'Loupe',
        description: 'Run Elastic Security detection rules over ECS evidence in the browser, offline.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#101216',
        theme_color: '#0b64dd',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // Everything the app can ask for: page, chunks, worker chunks (the bundled rules are inside
        // them), styles, icons, manifest and the sample case. Source maps are for developers.
        globPatterns: ['**/*'],
        globIgnores: ['**/*.map'],
        // A file over the limit would be left out silently and break offline use: keep it generous.
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        sourcemap: false,
      },
    }),
    buildStampPlugin('site'),
  ];
}

function singleFilePlugins(): PluginOption[] {
  return [noServiceWorker(), inlineWorkers(), singleFileHtml('public/favicon.svg'), viteSingleFile(), finishSingleFile(), buildStampPlugin('single')];
}

/** The single file runs from file://, where service workers do not exist: registering is a no-op there. */
function noServiceWorker(): Plugin {
  const id = 'virtual:pwa-register';
  return {
    name: 'loupe:no-service-worker',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load: (resolved) => (resolved === `\0${id}` ? 'export function registerSW() { return async () => undefined; }' : undefined),
  };
}

/**
 * vite-plugin-singlefile checks every `<meta>` CSP in the page, including the one inside the HTML
 * report template in the app's code, which has no script-src: a false alarm. The real policy is
 * filled with the inlined code's hashes by finishSingleFile, and the e2e test checks that Chromium
 * reports no violation.
 */
function dropSingleFileCspWarning(warning: { plugin?: string; message: string }, warn: (warning: never) => void): void {
  if (warning.plugin === 'vite:singlefile' && warning.message.includes('Content-Security-Policy meta tag')) return;
  warn(warning as never);
}

/**
 * The dev server injects component styles as <style> elements, which the page's strict
 * `style-src 'self'` refuses: only `vite` (serve) relaxes it. Builds keep the policy as written.
 */
function devStyleCsp(): Plugin {
  return {
    name: 'loupe:dev-style-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}
