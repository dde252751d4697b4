import { describe, expect, it } from 'vitest';
import { loadTomlRules } from '../../../src/engine/rules/toml.ts';
import { positionInFile } from '../../../src/engine/rules/string-location.ts';

const NEW_TERMS_RULE = `[metadata]
creation_date = "2026/02/23"
maturity = "production"

[rule]
author = ["Elastic"]
description = "First time seen"
name = "New terms example"
risk_score = 47
rule_id = "00000000-0000-0000-0000-000000000001"
severity = "medium"
type = "new_terms"
language = "kuery"
index = ["logs-*"]
custom_key = { nested = 1 }
query = '''
event.category:file and
process.name:python*
'''

[[rule.threat]]
framework = "MITRE ATT&CK"
[[rule.threat.technique]]
id = "T1555"
name = "Credentials from Password Stores"
reference = "https://attack.mitre.org/techniques/T1555/"

[rule.threat.tactic]
id = "TA0006"
name = "Credential Access"
reference = "https://attack.mitre.org/tactics/TA0006/"

[rule.new_terms]
field = "new_terms_fields"
value = ["host.id", "file.path"]
[[rule.new_terms.history_window_start]]
field = "history_window_start"
value = "now-7d"
`;

function onlyEntry(text: string) {
  const loaded = loadTomlRules(text, 'rule.toml');
  expect(loaded.entries).toHaveLength(1);
  return loaded.entries[0]!;
}

describe('loadTomlRules', () => {
  it('maps [rule.new_terms] to Kibana new_terms_fields and history_window_start', () => {
    const { rule, issues, metadata } = onlyEntry(NEW_TERMS_RULE);
    expect(issues).toEqual([]);
    expect(rule.new_terms_fields).toEqual(['host.id', 'file.path']);
    expect(rule.history_window_start).toBe('now-7d');
    expect(rule.passthrough).toEqual({ custom_key: { nested: 1 } });
    expect(metadata).toEqual({ creation_date: '2026/02/23', maturity: 'production' });
  });

  it('keeps the ATT&CK tables in Kibana shape', () => {
    const { rule } = onlyEntry(NEW_TERMS_RULE);
    expect(rule.threat).toEqual([
      {
        framework: 'MITRE ATT&CK',
        technique: [{ id: 'T1555', name: 'Credentials from Password Stores', reference: 'https://attack.mitre.org/techniques/T1555/' }],
        tactic: { id: 'TA0006', name: 'Credential Access', reference: 'https://attack.mitre.org/tactics/TA0006/' },
      },
    ]);
  });

  it('records where the [rule] table and its keys are', () => {
    const { source } = onlyEntry(NEW_TERMS_RULE);
    expect(source.start).toEqual({ line: 5, column: 1 });
    expect(source.fields.name).toEqual({ line: 8, column: 8 });
    expect(source.fields.query).toEqual({ line: 16, column: 9 });
    expect(source.fields.threat).toEqual({ line: 21, column: 1 });
    expect(source.fields.new_terms_fields).toEqual({ line: 33, column: 1 });
  });

  it('maps query offsets to the file inside a multi-line literal string', () => {
    const { rule, source } = onlyEntry(NEW_TERMS_RULE);
    const offset = rule.query!.indexOf('python*');
    expect(positionInFile(source.query!, offset)).toEqual({ line: 18, column: 14 });
    expect(positionInFile(source.query!, 0)).toEqual({ line: 17, column: 1 });
  });

  it('maps query offsets through escapes of a basic string', () => {
    const text = '[rule]\nname = "x"\nquery = "a:\\"b\\" and\\tc:d"\n';
    const { rule, source } = onlyEntry(text);
    expect(rule.query).toBe('a:"b" and\tc:d');
    expect(positionInFile(source.query!, rule.query!.indexOf('c:d'))).toEqual({ line: 3, column: 23 });
  });

  it('maps [rule.threshold] one to one', () => {
    const text = '[rule]\ntype = "threshold"\n[rule.threshold]\nfield = ["host.id"]\nvalue = 25\n[[rule.threshold.cardinality]]\nfield = "user.name"\nvalue = 3\n';
    const { rule, source } = onlyEntry(text);
    expect(rule.threshold).toEqual({ field: ['host.id'], value: 25, cardinality: [{ field: 'user.name', value: 3 }] });
    expect(source.fields.threshold).toEqual({ line: 3, column: 1 });
  });

  it('ignores key-like lines inside multi-line strings when locating fields', () => {
    const text = '[rule]\nnote = """\nname = "not a key"\n"""\nname = "real"\n';
    expect(onlyEntry(text).source.fields.name).toEqual({ line: 5, column: 8 });
  });

  it.each([
    // smol-toml points at the end of the line where the string should have closed.
    ['unterminated string', '[rule]\nname = "x\n', { line: 2, column: 10 }],
    ['bad value', '[rule]\nname = = 1\n', { line: 2, column: 8 }],
    ['duplicate key', '[rule]\nname = "a"\nname = "b"\n', { line: 3, column: 1 }],
  ])('reports a TOML syntax error (%s) at its file position', (_label, text, position) => {
    const entry = onlyEntry(text);
    expect(entry.issues).toHaveLength(1);
    expect(entry.issues[0]!.message).toMatch(/^invalid TOML: /);
    expect({ line: entry.issues[0]!.line, column: entry.issues[0]!.column }).toEqual(position);
  });

  it('reports a document without a [rule] table', () => {
    expect(onlyEntry('[metadata]\nmaturity = "production"\n').issues[0]!.message).toMatch(/no \[rule\] table/);
  });

  it.each([
    ['risk_score = "high"', 'risk_score must be a number', { line: 2, column: 14 }],
    ['tags = "one"', 'tags must be an array of strings', { line: 2, column: 8 }],
    ['threshold = 5', 'threshold must be an object', { line: 2, column: 13 }],
  ])('reports a known field of the wrong type (%s) and keeps its value', (line, message, position) => {
    const entry = onlyEntry(`[rule]\n${line}\n`);
    expect(entry.issues).toEqual([{ message, ...position }]);
    expect(Object.keys(entry.rule.passthrough)).toHaveLength(1);
  });

  it.each([
    ['[rule.new_terms]\nfield = "other"\nvalue = ["a"]\n', 'field must be "new_terms_fields"'],
    ['[rule.new_terms]\nfield = "new_terms_fields"\nvalue = ["a"]\n', 'history_window_start'],
  ])('reports a malformed [rule.new_terms] table', (table, message) => {
    const entry = onlyEntry(`[rule]\ntype = "new_terms"\n${table}`);
    expect(entry.issues.map((issue) => issue.message).join()).toContain(message);
    expect(entry.issues[0]!.line).toBe(3);
  });
});
