import { describe, expect, it } from 'vitest';
import { inputSetLabel } from '../../src/ui/scan/input-label.ts';

describe('inputSetLabel: a scan is named after its whole input set', () => {
  it.each([
    [['case.zip'], 'case.zip'],
    [['a.zip', 'b.tar.gz'], '2 files: a.zip, b.tar.gz'],
    [['a.zip', 'b.tar.gz', 'c.ndjson'], '3 files: a.zip, b.tar.gz, c.ndjson'],
    [['a.zip', 'b.tar.gz', 'c.ndjson', 'd.json'], '4 files: a.zip, b.tar.gz, c.ndjson, …'],
    [[], 'no files'],
  ])('%j', (paths, label) => expect(inputSetLabel(paths)).toBe(label));
});
