/** Run by shared-data.test.ts with LOUPE_SHARED_DIR pointing at an empty folder. */
import { describe, expect, it } from 'vitest';
import { needShared, skipWithoutShared } from '../shared-data.ts';

describe('a suite built from shared data', () => {
  if (!needShared('corpus/detection-rules.ndjson')) return;
  it('would read it', () => expect.fail('ran without its data'));
});

it('one test that reads shared data', (context) => {
  skipWithoutShared(context, 'seeds');
  expect.fail('ran without its data');
});

it('a test that needs nothing', () => {
  expect(1 + 1).toBe(2);
});
