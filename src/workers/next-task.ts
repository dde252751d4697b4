/**
 * A pause until the next task of the thread's event loop. A reader's loop runs on promises that
 * resolve at once while input is buffered, so it can go for seconds on microtasks alone, and the
 * messages waiting for its thread (the coordinator's pulls, "stop keeping process events") are not
 * handled until it blocks. Awaiting this between batches lets them in. A MessageChannel rather than
 * setTimeout(0): nested timers are clamped to 4 ms.
 */
let channel: MessageChannel | undefined;
const waiting: (() => void)[] = [];

export function nextTask(): Promise<void> {
  if (channel === undefined) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
    // Under Node (tests), an open port would keep the process alive.
    (channel.port1 as { unref?: () => void }).unref?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}

/** Page time per slice of long work: well under the 50 ms a task may take before the browser calls it long. */
export const SLICE_MS = 40;

/**
 * `each` over `items`, pausing for the thread's next task after every `sliceMs` of work, so a
 * long loop on the page (parsing a scan's alerts, checking a pack's rules) lets it paint and answer.
 */
export async function forEachInSlices<T>(items: Iterable<T>, each: (item: T) => void, sliceMs = SLICE_MS): Promise<void> {
  let sliceStarted = performance.now();
  for (const item of items) {
    each(item);
    if (performance.now() - sliceStarted > sliceMs) {
      await nextTask();
      sliceStarted = performance.now();
    }
  }
}
