/**
 * fflate alone in a worker: gunzips the blob it is sent and replies with the seconds it took. The
 * bench runs one, then two at once, to measure how far two busy threads scale on this machine.
 */
import { Gunzip } from 'fflate';

self.addEventListener('message', async (event: MessageEvent<Blob>) => {
  const started = performance.now();
  let bytes = 0;
  const gunzip = new Gunzip((data) => (bytes += data.length));
  const reader = event.data.stream().getReader();
  for (let step = await reader.read(); !step.done; step = await reader.read()) gunzip.push(step.value);
  gunzip.push(new Uint8Array(0), true);
  self.postMessage({ seconds: (performance.now() - started) / 1000, bytes });
});
