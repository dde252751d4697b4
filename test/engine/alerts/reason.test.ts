import { describe, expect, it } from 'vitest';
import { buildReasonMessage } from '../../../src/engine/alerts/reason.ts';
import { parse } from './fixtures.ts';

// Expected wording derived from Kibana's ICU template in
// rule_types/utils/reason_formatters.ts (buildReasonMessageUtil).
describe('buildReasonMessage', () => {
  it.each([
    ['no fields', '{}', 'event created high alert R.'],
    ['category only', '{"event":{"category":"process"}}', 'process event created high alert R.'],
    ['category array joined', '{"event":{"category":["process","network"]}}', 'process, network event created high alert R.'],
    [
      'process, parent, user, host',
      '{"event":{"category":["process"]},"process":{"name":"cmd.exe","parent":{"name":"winword.exe"}},"user":{"name":"alice"},"host":{"name":"ws-01"}}',
      'process event with process cmd.exe, parent process winword.exe, by alice on ws-01 created high alert R.',
    ],
    ['user and host are not fields of interest', '{"user":{"name":"u"},"host":{"name":"h"}}', 'event by u on h created high alert R.'],
    ['file', '{"file":{"name":"a.txt"}}', 'event with file a.txt, created high alert R.'],
    [
      'network with string ports',
      '{"source":{"ip":"10.0.0.1","port":"5000"},"destination":{"ip":"10.0.0.2","port":"443"}}',
      'event with source 10.0.0.1:5000, destination 10.0.0.2:443, created high alert R.',
    ],
    [
      'numeric ports have no length, so Kibana leaves them out',
      '{"source":{"ip":"10.0.0.1","port":5000},"destination":{"ip":"10.0.0.2","port":443}}',
      'event with source 10.0.0.1 destination 10.0.0.2 created high alert R.',
    ],
    ['port arrays are shown', '{"destination":{"ip":"10.0.0.2","port":[443]}}', 'event with destination 10.0.0.2:443, created high alert R.'],
    ['dotted top-level keys are found', '{"host.name":"h1","process.name":"p"}', 'event with process p, on h1 created high alert R.'],
    ['mixed splits are not (lodash get)', '{"process":{"parent.name":"p"}}', 'event created high alert R.'],
    ['"-" counts as absent', '{"host":{"name":"-"},"user":{"name":["-"]}}', 'event created high alert R.'],
    ['empty string and empty array count as absent', '{"host":{"name":""},"user":{"name":[]}}', 'event created high alert R.'],
    ['the text "null" takes the ICU null branch', '{"host":{"name":"null"}}', 'event created high alert R.'],
    ['"null" process still says "with"', '{"process":{"name":"null"}}', 'event with created high alert R.'],
    ['arrays of names joined', '{"user":{"name":["a","b"]}}', 'event by a, b created high alert R.'],
  ])('%s', (_label, json, expected) => {
    expect(buildReasonMessage('R', 'high', parse(json))).toBe(expected);
  });

  it('uses the rule name and severity it is given', () => {
    expect(buildReasonMessage('My {rule}', 'critical', {})).toBe('event created critical alert My {rule}.');
  });
});
