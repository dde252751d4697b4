/**
 * Lists, under the run's summary, why tests were skipped: one line per reason (e.g. the
 * reference data missing from `../shared`, see shared-data.ts) with how many tests and files it
 * covers. The default reporter only counts skips; a skip nobody can see the reason for looks
 * like a pass.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipNotesReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const byNote = new Map<string, Set<string>>();
    let tests = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests('skipped')) {
        const result = test.result();
        if (result.state !== 'skipped' || result.note === undefined) continue;
        const note = result.note;
        tests++;
        let files = byNote.get(note);
        if (files === undefined) byNote.set(note, (files = new Set()));
        files.add(module.relativeModuleId);
      }
    }
    if (tests === 0) return;
    const lines = [...byNote].map(([note, files]) => `   ${note}: ${files.size} file${files.size === 1 ? '' : 's'} (${[...files].sort().join(', ')})`);
    process.stdout.write(`\n Skipped with a reason (${tests}):\n${lines.join('\n')}\n`);
  }
}
