/** Triage as Kibana writes it on alert documents: status, closing reason (closed only), time; notes under `loupe`. */
import { describe, expect, it } from 'vitest';
import { applyChange, countByStatus, triageOf, withTriage, type Triage, type TriageChange } from '../../../src/engine/alerts/triage.ts';

const T0 = '2026-12-07T10:00:00.000Z';
const T1 = '2026-12-07T11:00:00.000Z';

describe('applyChange', () => {
  it.each<[string, Triage | undefined, TriageChange, Triage]>([
    ['first status', undefined, { status: 'acknowledged' }, { status: 'acknowledged', updatedAt: T1 }],
    ['close with a reason', { status: 'open', updatedAt: T0 }, { status: 'closed', reason: 'false_positive' }, { status: 'closed', reason: 'false_positive', updatedAt: T1 }],
    ['reopen drops the reason', { status: 'closed', reason: 'duplicate', updatedAt: T0 }, { status: 'open' }, { status: 'open', updatedAt: T1 }],
    ['a reason without closing is ignored', undefined, { status: 'acknowledged', reason: 'true_positive' }, { status: 'acknowledged', updatedAt: T1 }],
    ['notes alone keep the status time', { status: 'closed', reason: 'benign_positive', updatedAt: T0 }, { notes: 'admin script' }, { status: 'closed', reason: 'benign_positive', notes: 'admin script', updatedAt: T0 }],
    ['same status again keeps its time', { status: 'acknowledged', notes: 'n', updatedAt: T0 }, { status: 'acknowledged' }, { status: 'acknowledged', notes: 'n', updatedAt: T0 }],
    ['empty notes clear them', { status: 'open', notes: 'x', updatedAt: T0 }, { notes: '' }, { status: 'open', updatedAt: T0 }],
    ['notes on an untriaged alert', undefined, { notes: 'look at parent' }, { status: 'open', notes: 'look at parent', updatedAt: T1 }],
  ])('%s', (_name, previous, change, expected) => {
    expect(applyChange(previous, change, T1)).toEqual(expected);
  });
});

describe('withTriage and triageOf', () => {
  const alert = { '@timestamp': T0, 'kibana.alert.workflow_status': 'open', 'kibana.alert.depth': 1, 'kibana.alert.uuid': 'u1', loupe: { source: { file: 'a', line: 1 } } };

  it('an untriaged alert is the same object (its bytes are those loupe scan writes)', () => {
    expect(withTriage(alert, undefined)).toBe(alert);
  });

  it('writes Kibana fields in place, notes under loupe, and reads them back', () => {
    const triage: Triage = { status: 'closed', reason: 'true_positive', notes: 'confirmed with the user', updatedAt: T1 };
    const out = withTriage(alert, triage);
    expect(Object.keys(out)).toEqual(['@timestamp', 'kibana.alert.workflow_status', 'kibana.alert.workflow_reason', 'kibana.alert.workflow_status_updated_at', 'kibana.alert.depth', 'kibana.alert.uuid', 'loupe']);
    expect(out['kibana.alert.workflow_reason']).toBe('true_positive');
    expect(out['loupe']).toEqual({ source: { file: 'a', line: 1 }, notes: 'confirmed with the user' });
    expect(triageOf(out)).toEqual(triage);
    expect(alert['kibana.alert.workflow_status']).toBe('open');
  });

  it('reopening removes the reason; an alert Loupe never triaged reads as untriaged', () => {
    const closed = withTriage(alert, { status: 'closed', reason: 'duplicate', updatedAt: T0 });
    const reopened = withTriage(closed, { status: 'open', updatedAt: T1 });
    expect('kibana.alert.workflow_reason' in reopened).toBe(false);
    expect(triageOf(reopened)).toEqual({ status: 'open', updatedAt: T1 });
    expect(triageOf(alert)).toBeUndefined();
  });

  it('hostile values are not trusted: unknown status or reason', () => {
    expect(triageOf({ 'kibana.alert.workflow_status': 'pwned', 'kibana.alert.workflow_status_updated_at': T0 })).toBeUndefined();
    expect(triageOf({ 'kibana.alert.workflow_status': 'closed', 'kibana.alert.workflow_reason': '<img>', 'kibana.alert.workflow_status_updated_at': T0 })).toEqual({ status: 'closed', updatedAt: T0 });
    const proto = JSON.parse('{"kibana.alert.workflow_status":"open","loupe":{"__proto__":{"polluted":1}}}') as Record<string, unknown>;
    const out = withTriage(proto, { status: 'open', notes: 'n', updatedAt: T0 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((out['loupe'] as Record<string, unknown>)['notes']).toBe('n');
  });
});

it('countByStatus: untriaged alerts are open', () => {
  const triage = new Map<string, Triage>([
    ['a', { status: 'closed', updatedAt: T0 }],
    ['b', { status: 'acknowledged', updatedAt: T0 }],
  ]);
  expect(countByStatus(['a', 'b', 'c', 'd'], triage)).toEqual({ open: 2, acknowledged: 1, closed: 1 });
});
