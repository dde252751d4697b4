/**
 * The page's main-thread tasks from a Chromium trace (CDP Tracing): each task's wall time and its
 * thread time (CPU the main thread itself spent). On a machine shared by several busy processes a
 * task's wall time includes the time the thread waited for a core, so the bench reports both: the
 * thread time is the task's own length, the one that does not depend on the load.
 */
import type { CDPSession } from 'playwright-core';

export interface MainThreadTask {
  /** Trace clock, ms. */
  readonly start: number;
  readonly wallMs: number;
  readonly threadMs: number;
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

/** Records from `start` to the returned function's call; that returns the renderer main threads' tasks. */
export async function traceMainThread(session: CDPSession): Promise<() => Promise<MainThreadTask[]>> {
  await session.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: ['toplevel', 'disabled-by-default-devtools.timeline', '__metadata'] } });
  return async () => {
    const complete = new Promise<string>((resolve) => session.once('Tracing.tracingComplete', (event) => resolve(event.stream!)));
    await session.send('Tracing.end');
    const stream = await complete;
    let text = '';
    for (;;) {
      const chunk = await session.send('IO.read', { handle: stream, size: 4 * 1024 * 1024 });
      text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
      if (chunk.eof) break;
    }
    await session.send('IO.close', { handle: stream });
    const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
    const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
    const mainThreads = new Set(events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`));
    const runs = events
      .filter((event) => event.ph === 'X' && (event.name === 'ThreadControllerImpl::RunTask' || event.name === 'RunTask') && mainThreads.has(`${event.pid}:${event.tid}`))
      .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    // A task is traced under both names, one inside the other: only the outermost counts.
    const tasks: MainThreadTask[] = [];
    let end = -Infinity;
    for (const event of runs) {
      if (event.ts < end) continue;
      end = event.ts + (event.dur ?? 0);
      tasks.push({ start: event.ts / 1000, wallMs: (event.dur ?? 0) / 1000, threadMs: (event.tdur ?? event.dur ?? 0) / 1000 });
    }
    return tasks;
  };
}

/** The longest tasks by wall and by thread time, and how many passed 50 and 200 ms of thread time. */
export function taskSummary(tasks: readonly MainThreadTask[]): string {
  const longest = (pick: (task: MainThreadTask) => number) => tasks.reduce((max, task) => Math.max(max, pick(task)), 0);
  const over = (ms: number) => tasks.filter((task) => task.threadMs > ms).length;
  return `longest task ${longest((task) => task.threadMs).toFixed(0)} ms of main-thread CPU (${longest((task) => task.wallMs).toFixed(0)} ms wall), ${over(50)} over 50 ms CPU, ${over(200)} over 200 ms CPU`;
}
