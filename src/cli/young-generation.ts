import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * A larger young generation for scans of large inputs.
 *
 * V8 collects new objects in a young generation whose two semi-spaces are at most 16 MB each by
 * default (Node 20, 64-bit). A whole-library scan allocates tens of KB per event and keeps a
 * detector batch of parsed events alive across every scavenge, so a 300k-event fleet scan ran
 * ~900 scavenges, each copying that batch: scavenges were ~15% of its CPU time. 32 MB semi-spaces
 * halve them; 64 MB saved no more CPU at 70k fleet events but held ~65 MB more RSS (docs/throughput.md
 * has the measured figures).
 *
 * V8 sizes the young generation when the heap is made, so the flag must be on node's command line
 * (`v8.setFlagsFromString` at start changes nothing measurable, and `npx loupe` chooses node's
 * command line, not us). So bin/loupe.mjs lets a scan of a large input start itself again, when asked
 * (below), in a child node with the flag; the child inherits stdin, stdout and stderr, and its exit status or
 * signal becomes this process's. Small inputs are not worth the second start (~0.1 CPU-s), nor is
 * the seed pack, whose literal prefilter passes over most lines unparsed (measured: no gain).
 */
export const SEMI_SPACE_MB = 32;

/**
 * Off unless asked for: LOUPE_RELAUNCH_MIN_BYTES=N relaunches scans of inputs of N bytes or more
 * (0 always). Decision: three interleaved pairs at load ~1.5 (300k fleet events, whole library)
 * measured no CPU gain (relaunched 55.3–65.8 CPU-s against 54.3–59.3 in one process) for ~50 MB
 * more peak RSS in the child plus ~56 MB in the waiting parent, against the 400 MB bar. The gain
 * showed only on a loaded machine (docs/throughput.md).
 */
export const RELAUNCH_MIN_BYTES = Number.POSITIVE_INFINITY;

function relaunchMinBytes(): number {
  const chosen = process.env.LOUPE_RELAUNCH_MIN_BYTES;
  return chosen !== undefined && /^\d+$/.test(chosen) ? Number(chosen) : RELAUNCH_MIN_BYTES;
}

let entryScript: string | undefined;

/** Called by bin/loupe.mjs with its own path: only a process started from it may start itself again. */
export function allowRelaunch(script: string): void {
  entryScript = script;
}

/** Whether node already runs with a young-generation size someone chose (this relaunch, or the user). */
function youngGenerationChosen(): boolean {
  const chosen = (arg: string) => arg.startsWith('--max-semi-space-size') || arg.startsWith('--semi-space');
  return process.execArgv.some(chosen) || (process.env.NODE_OPTIONS ?? '').split(/\s+/).some(chosen);
}

/** Whether this scan should run in a child node with a larger young generation. */
export function wantsRelaunch(inputBytes: number, seedPackOnly: boolean): boolean {
  return entryScript !== undefined && inputBytes >= relaunchMinBytes() && !seedPackOnly && !youngGenerationChosen();
}

/** Runs this command again in a child node with larger semi-spaces; resolves to its exit status. */
export function relaunch(): Promise<number> {
  const script = entryScript;
  if (script === undefined) throw new Error('relaunch: not started from bin/loupe.mjs');
  const child = spawn(process.execPath, [...process.execArgv, `--max-semi-space-size=${SEMI_SPACE_MB}`, script, ...process.argv.slice(2)], { stdio: 'inherit' });
  // A signal meant for this process (a terminal's Ctrl-C reaches both; `kill PID` only this one) goes to the child.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (signal: NodeJS.Signals) => void child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const name of signals) process.off(name, forward);
      if (signal !== null) {
        // Ended by a signal: end the same way, as a shell would see it.
        process.kill(process.pid, signal);
        resolve(128 + (constants.signals[signal] ?? 0));
        return;
      }
      resolve(code ?? 1);
    });
  });
}
