import { describe, expect, it } from 'vitest';
import { escapeCloses } from '../../src/ui/detail/escape-closes.ts';

/** The fields of a KeyboardEvent the handler reads (vitest runs without a DOM here). */
function key(name: string) {
  const event = { key: name, defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
  return event;
}

describe('escapeCloses', () => {
  it.each([
    ['Escape', 1, true],
    ['Enter', 0, false],
    ['Esc', 0, false],
  ])('%s closes %i times, default prevented: %s', (name, closes, prevented) => {
    let closed = 0;
    const event = key(name);
    escapeCloses(() => closed++)(event as unknown as KeyboardEvent);
    expect({ closed, prevented: event.defaultPrevented }).toEqual({ closed: closes, prevented });
  });
});
