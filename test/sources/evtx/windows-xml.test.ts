/**
 * The parser's event trees against the XML Windows itself rendered (EvtRender) for the same
 * records: Winlogbeat's wineventlog testdata, newest event first in each .xml. Compared after
 * decoding both sides (Winlogbeat's test does the same), exactly: text, attributes, element
 * order, GUID case, the seven-digit times.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attribute, childElement, childElements, ownText } from '../../../src/sources/evtx/xml.ts';
import { evtxData, needEvtxData, readSample } from './shared-evtx.ts';
import { parseEvents } from './windows-xml.ts';

/** Event counts the Winlogbeat test asserts for each file. */
const EXPECTED = {
  'application-windows-error-reporting': 1,
  'sysmon-9.01': 32,
  ec1: 1,
  ec2: 1,
  ec3: 1,
  ec4: 1,
  ec3and4: 2,
  original: 5,
  experimental: 5,
} as const;

const deviations = JSON.parse(readFileSync(new URL('./deviations.json', import.meta.url), 'utf8')) as {
  windows_xml: { events: number; equal: number; deviations: unknown[] };
};

describe("Windows' own XML rendering", () => {
  if (!needEvtxData()) return;

  it('deviations.json counts every event compared here as equal', () => {
    const events = Object.values(EXPECTED).reduce((sum, n) => sum + n, 0);
    expect(deviations.windows_xml).toMatchObject({ events, equal: events, deviations: [] });
  });

  it.each(Object.entries(EXPECTED))('%s: %i events, each equal to Windows’ XML', async (name, count) => {
    const windows = parseEvents(readFileSync(evtxData(`winlogbeat-wineventlog/${name}.xml`), 'utf8')).reverse();
    const { records, problems } = await readSample(`winlogbeat-wineventlog/${name}.evtx`);
    expect(problems).toEqual([]);
    expect(windows).toHaveLength(count);
    expect(records.map((r) => r.event)).toEqual(windows);
  });

  it('4752.evtx (no XML beside it): the values Winlogbeat’s renderer test asserts', async () => {
    const { records } = await readSample('winlogbeat-wineventlog/4752.evtx');
    expect(records).toHaveLength(1);
    const system = childElement(records[0]!.event, 'System')!;
    const text = (name: string): string => ownText(childElement(system, name));
    expect({
      id: text('EventID'),
      provider: attribute(childElement(system, 'Provider'), 'Name'),
      guid: attribute(childElement(system, 'Provider'), 'Guid'),
      computer: text('Computer'),
      channel: text('Channel'),
      record: text('EventRecordID'),
      opcode: text('Opcode'),
      level: text('Level'),
      task: text('Task'),
      pid: attribute(childElement(system, 'Execution'), 'ProcessID'),
      tid: attribute(childElement(system, 'Execution'), 'ThreadID'),
      pairs: childElements(childElement(records[0]!.event, 'EventData')!).length,
    }).toEqual({
      id: '4752',
      provider: 'Microsoft-Windows-Security-Auditing',
      guid: '{54849625-5478-4994-a5ba-3e3b0328c30d}',
      computer: 'DC_TEST2k12.TEST.SAAS',
      channel: 'Security',
      record: '3707686',
      opcode: '0',
      level: '0',
      task: '13827',
      pid: '492',
      tid: '1076',
      pairs: 10,
    });
  });
});
