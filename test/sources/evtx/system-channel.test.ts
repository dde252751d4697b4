/**
 * The System channel (`system.system`): routing, the system package's pipeline (ecs.version,
 * error.code as a string, nothing per event id) and the Winlogbeat fields the prebuilt rules read
 * on System events: 7045's `winlog.event_data.*` and 104's `event.action: "Log clear"` (the
 * Eventlog provider's task 104, rendered from the names every Windows host holds).
 */
import { describe, expect, it } from 'vitest';
import { toEcs } from '../../../src/sources/evtx/ecs/index.ts';
import type { EvtxRecord } from '../../../src/sources/evtx/types.ts';
import { toWinlogbeat } from '../../../src/sources/evtx/winlogbeat.ts';
import { parseEvents } from './windows-xml.ts';

function systemEvent(provider: string, id: number, task: number, body: string): EvtxRecord {
  const xml =
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='${provider}'/>` +
    `<EventID Qualifiers='16384'>${id}</EventID><Version>0</Version><Level>4</Level><Task>${task}</Task><Opcode>0</Opcode>` +
    "<Keywords>0x8080000000000000</Keywords><TimeCreated SystemTime='2024-05-01T10:00:00.1234567Z'/><EventRecordID>42</EventRecordID>" +
    "<Correlation/><Execution ProcessID='700' ThreadID='800'/><Channel>System</Channel><Computer>ws01</Computer><Security UserID='S-1-5-18'/></System>" +
    `${body}</Event>`;
  return { recordId: 42, writtenTime: '2024-05-01T10:00:00.1234567Z', chunk: 0, offset: 4608, event: parseEvents(xml)[0]! };
}

const SERVICE_INSTALLED = systemEvent(
  'Service Control Manager',
  7045,
  0,
  "<EventData><Data Name='ServiceName'>PSEXESVC</Data><Data Name='ImagePath'>%SystemRoot%\\PSEXESVC.exe</Data>" +
    "<Data Name='ServiceType'>user mode service</Data><Data Name='StartType'>demand start</Data><Data Name='AccountName'>LocalSystem</Data></EventData>",
);
const LOG_CLEARED = systemEvent(
  'Microsoft-Windows-Eventlog',
  104,
  104,
  "<UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserName>admin</SubjectUserName>" +
    '<SubjectDomainName>CORP</SubjectDomainName><Channel>System</Channel><BackupPath></BackupPath></LogFileCleared></UserData>',
);

describe('System channel', () => {
  it('7045: routed to system.system, the pipeline sets ecs.version, event_data passes through as the rules read it', () => {
    const doc = toEcs(toWinlogbeat(SERVICE_INSTALLED));
    expect(doc).toMatchObject({
      data_stream: { type: 'logs', dataset: 'system.system', namespace: 'default' },
      ecs: { version: '8.11.0' },
      event: { code: '7045', dataset: 'system.system', module: 'system', kind: 'event', provider: 'Service Control Manager', action: 'None' },
      winlog: {
        channel: 'System',
        event_id: '7045',
        task: 'None',
        event_data: { ServiceName: 'PSEXESVC', ImagePath: '%SystemRoot%\\PSEXESVC.exe', ServiceType: 'user mode service', StartType: 'demand start', AccountName: 'LocalSystem' },
      },
      host: { name: 'ws01', os: { type: 'windows', family: 'windows' } },
    });
    // The pipeline maps nothing per event id: no service.*, no event.category.
    expect([doc['service'], (doc['event'] as Record<string, unknown>)['category']]).toEqual([undefined, undefined]);
  });

  it('104: the Eventlog provider’s task 104 is "Log clear", in winlog.task and event.action', () => {
    const doc = toEcs(toWinlogbeat(LOG_CLEARED));
    expect(doc).toMatchObject({
      event: { code: '104', action: 'Log clear', dataset: 'system.system' },
      winlog: { task: 'Log clear', provider_name: 'Microsoft-Windows-Eventlog', user_data: { SubjectUserName: 'admin', Channel: 'System', xml_name: 'LogFileCleared' } },
    });
  });

  it('other providers’ non-zero tasks stay unnamed (their names are in message tables the .evtx lacks)', () => {
    const doc = toWinlogbeat(systemEvent('Microsoft-Windows-Kernel-General', 1, 5, ''));
    expect([(doc['winlog'] as Record<string, unknown>)['task'], (doc['event'] as Record<string, unknown>)['action']]).toEqual([undefined, undefined]);
  });

  it.each([
    [5, '5'],
    [true, 'true'],
    ['0x80070005', '0x80070005'],
    [[1, 'a'], ['1', 'a']],
  ])('error.code %j is converted to a string as the pipeline does', (code, expected) => {
    const doc = toWinlogbeat(SERVICE_INSTALLED);
    doc['error'] = { code };
    expect((toEcs(doc)['error'] as Record<string, unknown>)['code']).toEqual(expected);
  });
});
