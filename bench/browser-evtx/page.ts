/**
 * The EVTX bench page (built by bench/evtx-browser.ts with Vite in production mode): `load(url)`
 * fetches the log into a Blob once, `parse(mode)` has a Web Worker parse it with `readEvtx`: from
 * `blob.stream()` as the app's intake workers read a dropped file, or from its bytes read beforehand.
 */
import type { EvtxParseMode, EvtxParseRun } from './pieces.ts';

const worker = new Worker(new URL('./evtx.worker.ts', import.meta.url), { type: 'module' });
let blob: Blob | undefined;

export interface EvtxBenchPage {
  load(url: string): Promise<number>;
  parse(mode: EvtxParseMode): Promise<EvtxParseRun>;
}

const page: EvtxBenchPage = {
  async load(url) {
    blob = await (await fetch(url)).blob();
    return blob.size;
  },
  parse(mode) {
    return new Promise((resolve) => {
      worker.addEventListener('message', (event: MessageEvent<EvtxParseRun>) => resolve(event.data), { once: true });
      worker.postMessage({ blob, mode });
    });
  },
};
(globalThis as unknown as { evtxBench: EvtxBenchPage }).evtxBench = page;
document.getElementById('state')!.textContent = 'ready';
