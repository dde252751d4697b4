/**
 * "1 event", "2 events", "1,234 alerts": a count with its noun, for every summary the app and the
 * CLI write, so no screen says "1 events". The plural is the noun plus "s" unless given.
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}
