/**
 * omerbenamram/evtx's record snapshots (one record each, XML or its own JSON shape). XML is
 * compared whole after reducing times to microseconds and GUIDs to bare lower case (evtx-rs's
 * formats); every differing snapshot must be listed in deviations.json. For JSON snapshots, every
 * value evtx-rs shows must be a value of the same record here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toXml, type XmlElement, type XmlNode } from '../../../src/sources/evtx/xml.ts';
import { evtxData, needEvtxData, readEvtxJson, readSample } from './shared-evtx.ts';
import { parseEvents } from './windows-xml.ts';

interface SnapshotTest {
  snap: string;
  file: string;
  record: string;
  format: string;
}

const deviations = JSON.parse(readFileSync(new URL('./deviations.json', import.meta.url), 'utf8')) as {
  evtx_rs_snapshots: { deviations: Record<string, string> };
};

function payload(snap: string): string {
  return readFileSync(evtxData(`omerbenamram-evtx/snapshots/${snap}`), 'utf8').split(/^---$/m)[2]!;
}

async function recordOf(test: SnapshotTest): Promise<XmlElement> {
  const { records } = await readSample(`omerbenamram-evtx/${test.file}`);
  const wanted = test.record === 'first' ? records[0] : records.find((r) => r.recordId === Number(test.record.replace('EventRecordID ', '')));
  if (wanted === undefined) throw new Error(`${test.record} not in ${test.file}`);
  return wanted.event;
}

/** evtx-rs's formats: 6 fractional digits, GUIDs without braces. Pretty-printing whitespace goes. */
function normalize(node: XmlNode): XmlNode | undefined {
  if (typeof node === 'string') return node.trim() === '' ? undefined : normalText(node);
  return {
    name: node.name,
    attributes: node.attributes.map((a) => ({ name: a.name, value: normalText(a.value) })),
    children: node.children.map(normalize).filter((n): n is XmlNode => n !== undefined),
  };
}

function normalText(text: string): string {
  return text
    .replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6})\d*Z$/, '$1Z')
    .replace(/^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i, (_, g: string) => g.toLowerCase());
}

function values(node: XmlNode, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(normalText(node));
  else {
    for (const a of node.attributes) out.push(normalText(a.value));
    for (const child of node.children) values(child, out);
  }
  return out;
}

function jsonValues(value: unknown, out: string[] = []): string[] {
  // An empty string is an empty element: no text node in a tree.
  if (value === null || value === '') return out;
  if (typeof value === 'object') for (const child of Object.values(value)) jsonValues(child, out);
  else out.push(normalText(String(value)));
  return out;
}

describe("omerbenamram/evtx's snapshots", () => {
  if (!needEvtxData()) return;
  const tests = readEvtxJson<{ snapshot_tests: SnapshotTest[] }>('omerbenamram-evtx/asserted-facts.json').snapshot_tests.filter(
    (t) => !t.file.includes('absent') && !t.file.includes('not copied'),
  );
  const xmlTests = tests.filter((t) => payload(t.snap).trimStart().startsWith('<?xml'));
  const jsonTests = tests.filter((t) => !xmlTests.includes(t));

  it.each(xmlTests.map((t) => [t.snap, t] as const))('%s', async (snap, test) => {
    const [expected] = parseEvents(payload(snap));
    const ours = toXml(normalize((await recordOf(test)) as XmlNode)!);
    const theirs = toXml(normalize(expected!)!);
    if (snap in deviations.evtx_rs_snapshots.deviations) expect(ours).not.toBe(theirs);
    else expect(ours).toBe(theirs);
  });

  it('the listed deviation is the <Binary/> element only', async () => {
    const snap = 'test_record_samples__event_xml_sample_with_event_data_with_attributes_and_text.snap';
    const test = xmlTests.find((t) => t.snap === snap)!;
    const theirs = toXml(normalize(parseEvents(payload(snap))[0]!)!);
    expect(toXml(normalize(await recordOf(test))!)).toBe(theirs.replace('<Binary/>', ''));
  });

  it.each(jsonTests.map((t) => [t.snap, t] as const))('%s: every value it shows is in the record', async (snap, test) => {
    const ours = values(await recordOf(test));
    const remaining = [...ours];
    for (const value of jsonValues(JSON.parse(payload(snap)))) {
      const at = remaining.indexOf(value);
      expect([value, at >= 0 || ours.includes(value)]).toEqual([value, true]);
      if (at >= 0) remaining.splice(at, 1);
    }
  });
});
