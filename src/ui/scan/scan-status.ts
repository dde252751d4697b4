/** The one sentence `data-testid="scan-status"` shows: says `complete` only for a finished scan. */
import { plural } from '../../engine/output/plural.ts';
import { sourceLines } from '../../sources/describe.ts';
import type { ScanProgress, ScanResult } from '../scan-client.ts';

export type ScanPhase = 'idle' | 'starting' | 'running' | 'complete' | 'cancelled' | 'failed';

export function scanStatusText(phase: ScanPhase, progress: ScanProgress | undefined, result: ScanResult | undefined, error: string | undefined): string {
  switch (phase) {
    case 'idle':
      return 'No scan yet: drop evidence or load the sample case.';
    case 'starting':
      return 'Preparing the scan…';
    case 'running':
      return `Scanning: ${plural(progress?.events ?? 0, 'event')}, ${plural(progress?.alerts ?? 0, 'alert')} so far.`;
    case 'cancelled':
      return 'Scan cancelled: the alerts shown are only those found before it stopped.';
    case 'failed':
      return `Scan failed: ${error ?? result?.error ?? 'unknown error'}`;
    case 'complete': {
      const events = result?.stats.events ?? 0;
      const unreadable = result?.files.filter((file) => file.status !== 'scanned') ?? [];
      const parts = [`Scan complete: ${plural(result?.alerts.length ?? 0, 'alert')} from ${plural(events, 'event')} in ${plural(result?.files.length ?? 0, 'file')}.`];
      const mapped = result ? sourceLines(result.files) : [];
      if (mapped.length > 0) parts.push(`Raw evidence mapped to ECS: ${mapped.join('; ')}.`);
      if (unreadable.length > 0) parts.push(`${plural(unreadable.length, 'file')} not read: ${unreadable.map((file) => `${file.file} (${file.reason ?? file.status})`).join('; ')}.`);
      // The result's notes name the unreadable files too (for the list of past scans): say the rest only.
      const said = new Set(unreadable.map((file) => `${file.file}: ${file.reason ?? file.status}`));
      const others = (result?.error ?? '').split('; ').filter((note) => note !== '' && !said.has(note));
      if (others.length > 0) parts.push(others.join('; '));
      if (result && !result.saved.ok) parts.push(`Not saved for later: ${result.saved.error}`);
      return parts.join(' ');
    }
  }
}
