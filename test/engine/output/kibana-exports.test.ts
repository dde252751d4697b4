/** Alerts for Elastic Security: `_bulk` lines into Kibana's alerts index, and CSV in Timeline's columns. */
import { describe, expect, it } from 'vitest';
import { formatKibanaBulkAlert, formatTimelineCsvHeader, formatTimelineCsvRow } from '../../../src/engine/output/index.ts';

const alert = {
  '@timestamp': '2026-12-07T10:00:00.000Z',
  'kibana.space_ids': ['soc'],
  'kibana.alert.original_time': '2024-05-07T14:18:00.000Z',
  'kibana.alert.uuid': 'abc',
  'kibana.alert.rule.name': 'Dump, "keychain"',
  'kibana.alert.severity': 'high',
  'kibana.alert.risk_score': 73,
  'kibana.alert.workflow_status': 'closed',
  'kibana.alert.workflow_reason': 'true_positive',
  host: { name: 'mbp-alice' },
  process: { name: 'security', command_line: '=cmd|calc' },
  event: { category: ['process'], action: 'exec' },
};

describe('Kibana _bulk alerts', () => {
  it('creates each alert in its space’s alerts index with the alert uuid as _id', () => {
    const [action, doc] = formatKibanaBulkAlert(alert).trimEnd().split('\n');
    expect(JSON.parse(action!)).toEqual({ create: { _index: '.alerts-security.alerts-soc', _id: 'abc' } });
    expect(JSON.parse(doc!)).toEqual(alert);
    expect(JSON.parse(formatKibanaBulkAlert({ 'kibana.alert.uuid': 'x' }).split('\n')[0]!)).toEqual({ create: { _index: '.alerts-security.alerts-default', _id: 'x' } });
  });
});

describe('Timeline CSV', () => {
  it('writes Timeline’s columns, event time first, quoting and defusing cells', () => {
    expect(formatTimelineCsvHeader()).toBe(
      '@timestamp,kibana.alert.rule.name,kibana.alert.severity,kibana.alert.risk_score,kibana.alert.reason,kibana.alert.workflow_status,kibana.alert.workflow_reason,message,event.category,event.action,host.name,source.ip,destination.ip,user.name,process.name,process.command_line,file.path,kibana.alert.uuid\r\n',
    );
    expect(formatTimelineCsvRow(alert)).toBe('2024-05-07T14:18:00.000Z,"Dump, ""keychain""",high,73,,closed,true_positive,,process,exec,mbp-alice,,,,security,\'=cmd|calc,,abc\r\n');
  });
});
