/**
 * Winlogbeat's rendering rules, one by one, on events written as Windows' XML: how EventData and
 * UserData become pairs (param<N>, empty values, duplicates, line endings, control characters),
 * the names Windows defines for every provider (levels, opcodes, keywords, task 0), outcome,
 * well-known users, the timestamp's form, and which fields are left out.
 */
import { describe, expect, it } from 'vitest';
import type { EvtxRecord } from '../../../src/sources/evtx/types.ts';
import { toWinlogbeat } from '../../../src/sources/evtx/winlogbeat.ts';
import { parseEvents } from './windows-xml.ts';

function record(system: string, body = ''): EvtxRecord {
  const [event] = parseEvents(`<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>${system}</System>${body}</Event>`);
  return { recordId: 9, writtenTime: '2020-01-02T03:04:05.0000000Z', chunk: 0, offset: 4608, event: event! };
}

const SYSTEM =
  "<Provider Name='P' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/><EventID>4624</EventID><Version>2</Version><Level>0</Level>" +
  "<Task>12544</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2019-03-18T16:57:37.9333240Z'/>" +
  "<EventRecordID>1535</EventRecordID><Correlation ActivityID='{11111111-2222-3333-4444-555555555555}'/><Execution ProcessID='516' ThreadID='536'/>" +
  "<Channel>Security</Channel><Computer>host-1</Computer><Security UserID='S-1-5-18'/>";

describe('toWinlogbeat', () => {
  it('renders the System part as Winlogbeat does without the provider’s metadata', () => {
    expect(toWinlogbeat(record(SYSTEM), { filePath: 'C:/logs/Security.evtx' })).toEqual({
      '@timestamp': '2019-03-18T16:57:37.933324Z',
      event: { code: '4624', kind: 'event', provider: 'P', outcome: 'success' },
      host: { name: 'host-1' },
      log: { level: 'information', file: { path: 'C:/logs/Security.evtx' } },
      winlog: {
        api: 'wineventlog',
        activity_id: '{11111111-2222-3333-4444-555555555555}',
        channel: 'Security',
        computer_name: 'host-1',
        event_id: '4624',
        keywords: ['Audit Success'],
        opcode: 'Info',
        process: { pid: 516, thread: { id: 536 } },
        provider_guid: '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}',
        provider_name: 'P',
        record_id: 1535,
        user: { identifier: 'S-1-5-18', name: 'SYSTEM', domain: 'NT AUTHORITY', type: 'Well Known Group' },
        version: 2,
      },
    });
  });

  it('EventData: Name or element name, param<position> for unnamed Data, empty values and later duplicates dropped', () => {
    const body =
      "<EventData><Data></Data><Data>second</Data><Data Name='A'>1</Data><Data Name='A'>dup</Data><Data Name=''>x</Data>" +
      '<Binary>0A0B</Binary><Data>multi\r\nline\r\n\r\n</Data><Data>lone\rcr</Data><Data>ctl\u0001\ufffd</Data></EventData>';
    expect(toWinlogbeat(record(SYSTEM, body))['winlog']).toMatchObject({
      event_data: { param2: 'second', A: '1', param5: 'x', Binary: '0A0B', param7: 'multi\nline', param8: 'lone\ncr', param9: 'ctl\\u0001\\ufffd' },
    });
  });

  it('UserData: the first element’s children as pairs, and its name as xml_name', () => {
    const body = "<UserData><AutoBackup xmlns='x'><Channel>System</Channel><BackupPath>C:\\a.evtx</BackupPath><Nested><Deep>no</Deep></Nested></AutoBackup></UserData>";
    expect(toWinlogbeat(record(SYSTEM, body))['winlog']).toMatchObject({
      user_data: { Channel: 'System', BackupPath: 'C:\\a.evtx', xml_name: 'AutoBackup' },
    });
    expect((toWinlogbeat(record(SYSTEM, body))['winlog'] as Record<string, unknown>)['event_data']).toBeUndefined();
  });

  it('pair keys and xml_name drop a namespace prefix, as Go’s xml.Name.Local does', () => {
    const body = "<UserData><ns:Thing xmlns:ns='u'><ns:Key>v</ns:Key></ns:Thing></UserData>";
    expect(toWinlogbeat(record(SYSTEM, body))['winlog']).toMatchObject({ user_data: { Key: 'v', xml_name: 'Thing' } });
  });

  it.each([
    ['0', 'information'],
    ['1', 'critical'],
    ['2', 'error'],
    ['3', 'warning'],
    ['4', 'information'],
    ['5', 'verbose'],
  ])('level %s is %s', (level, name) => {
    expect(toWinlogbeat(record(SYSTEM.replace('<Level>0</Level>', `<Level>${level}</Level>`)))['log']).toEqual({ level: name });
  });

  it('a provider-defined level, opcode or task gets no name (it lives in the provider’s message table)', () => {
    const doc = toWinlogbeat(record(SYSTEM.replace('<Level>0</Level>', '<Level>16</Level>').replace('<Opcode>0</Opcode>', '<Opcode>15</Opcode>')));
    expect(doc['log']).toBeUndefined();
    expect(doc['winlog']).not.toHaveProperty('opcode');
    expect(doc['winlog']).not.toHaveProperty('task');
    expect(doc['event']).not.toHaveProperty('action');
    expect(doc).not.toHaveProperty('message');
  });

  it('classic events: no Opcode element means no opcode; task 0 is "None" (and event.action); Classic keyword', () => {
    const classic = "<Provider Name='Backup'/><EventID Qualifiers='0'>5</EventID><Level>2</Level><Task>0</Task><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='2022-03-22T02:03:11.0000000Z'/><EventRecordID>1414</EventRecordID><Execution ProcessID='0' ThreadID='0'/><Channel>System</Channel><Computer>vagrant</Computer><Security/>";
    const doc = toWinlogbeat(record(classic, '<EventData><Data>Backup failure</Data></EventData>'));
    expect(doc).toEqual({
      '@timestamp': '2022-03-22T02:03:11Z',
      event: { code: '5', kind: 'event', provider: 'Backup', action: 'None' },
      host: { name: 'vagrant' },
      log: { level: 'error' },
      winlog: {
        api: 'wineventlog',
        channel: 'System',
        computer_name: 'vagrant',
        event_data: { param1: 'Backup failure' },
        event_id: '5',
        keywords: ['Classic'],
        provider_name: 'Backup',
        record_id: 1414,
        task: 'None',
      },
    });
  });

  it('keywords: every standard bit, in ascending order; Audit Failure gives outcome failure', () => {
    const doc = toWinlogbeat(record(SYSTEM.replace('0x8020000000000000', '0x00f1000000000000')));
    expect((doc['winlog'] as Record<string, unknown>)['keywords']).toEqual(['Response Time', 'Audit Failure', 'Audit Success', 'Correlation Hint', 'Classic']);
    expect(doc['event']).toMatchObject({ outcome: 'failure' });
  });

  it('other users keep only their SID; ETW execution fields are copied when not zero', () => {
    const system = SYSTEM.replace("UserID='S-1-5-18'", "UserID='S-1-5-21-1-2-3-1001'").replace("ThreadID='536'", "ThreadID='536' ProcessorID='0' KernelTime='34805' UserTime='7'");
    expect(toWinlogbeat(record(system))['winlog']).toMatchObject({ user: { identifier: 'S-1-5-21-1-2-3-1001' }, kernel_time: 34805, user_time: 7 });
    expect(toWinlogbeat(record(system))['winlog']).not.toHaveProperty('processor_id');
  });

  it('falls back to the record header time when the event has no TimeCreated', () => {
    expect(toWinlogbeat(record("<EventID>1</EventID>"))['@timestamp']).toBe('2020-01-02T03:04:05Z');
  });
});
