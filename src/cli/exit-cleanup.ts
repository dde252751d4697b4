/**
 * Files that must not outlive this process (a state file's temporary copy, its lock), removed
 * even when the process is stopped by Ctrl-C or a kill: SIGINT, SIGTERM and SIGHUP end a Node
 * process without running any 'exit' listener, so the signals are caught while such a file
 * exists, the files removed, and the signal raised again with the default action. SIGKILL cannot
 * be caught: what it leaves is handled by the next run (a stray temporary file is ignored, a
 * stale lock is taken over, see state-lock.ts).
 */
import { rmSync } from 'node:fs';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const paths = new Set<string>();

function removeAll(): void {
  for (const path of paths) rmSync(path, { force: true });
  paths.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', removeAll);
}

function uninstall(): void {
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', removeAll);
}

/** Removes `path` if the process ends before the returned function is called. */
export function removeIfInterrupted(path: string): () => void {
  if (paths.size === 0) install();
  paths.add(path);
  return () => {
    if (!paths.delete(path)) return;
    if (paths.size === 0) uninstall();
  };
}
