import { describe, expect, it } from 'vitest';
import { ECS_SCHEMA, createSchema, type FieldMapping } from '../../../src/engine/fields/schema.ts';
import { EcsFlat } from '../../../node_modules/@elastic/ecs/generated/ecs_flat.ts';

type Expected = Partial<FieldMapping>;

describe('ECS_SCHEMA', () => {
  it.each<[string, Expected]>([
    ['process.name', { esType: 'keyword', family: 'keyword', sourceName: 'process.name', caseless: false, known: true, ignoreAbove: 1024 }],
    ['process.command_line', { esType: 'wildcard', family: 'keyword', caseless: false, known: true }],
    ['process.command_line.text', { esType: 'match_only_text', family: 'text', sourceName: 'process.command_line', known: true }],
    ['source.ip', { esType: 'ip', family: 'ip' }],
    ['destination.ip', { esType: 'ip', family: 'ip' }],
    ['@timestamp', { esType: 'date', family: 'date' }],
    ['process.pid', { esType: 'long', family: 'number' }],
    ['event.risk_score', { esType: 'float', family: 'number' }],
    ['host.cpu.usage', { esType: 'scaled_float', family: 'number' }],
    ['dll.code_signature.trusted', { esType: 'boolean', family: 'boolean' }],
    ['data_stream.dataset', { esType: 'constant_keyword', family: 'keyword' }],
    ['host.geo.location', { esType: 'geo_point', family: 'other' }],
    ['message', { esType: 'match_only_text', family: 'text' }],
    ['url.query', { ignoreAbove: 2083 }],
    ['event.original', { esType: 'keyword', ignoreAbove: undefined }],
    // Elastic Defend
    ['process.executable.caseless', { esType: 'keyword', family: 'keyword', caseless: true, sourceName: 'process.executable', known: true }],
    ['process.name.caseless', { caseless: true, sourceName: 'process.name' }],
    ['process.parent.name.caseless', { caseless: true, sourceName: 'process.parent.name', family: 'keyword' }],
    ['process.Ext.api.name', { esType: 'keyword', known: true }],
    ['process.Ext.relative_file_creation_time', { esType: 'double', family: 'number', known: true }],
    ['process.parent.Ext.real.pid', { esType: 'long', family: 'number' }],
    ['process.Ext.token.integrity_level_name', { esType: 'keyword', known: true }],
    ['process.Ext.token.integrity_level', { esType: 'long', family: 'number' }],
    ['process.Ext.session_info.logon_type', { esType: 'keyword', known: true }],
    ['process.Ext.effective_parent.executable', { esType: 'keyword', known: true }],
    ['Effective_process.pid', { esType: 'long', family: 'number' }],
    ['Target.process.name', { esType: 'keyword', known: true, sourceName: 'Target.process.name' }],
    ['Target.process.pid', { esType: 'long', family: 'number' }],
    ['Target.process.thread.Ext.start_address', { esType: 'unsigned_long', family: 'number' }],
    ['dll.Ext.relative_file_creation_time', { esType: 'double', family: 'number' }],
    ['Memory_protection.self_injection', { esType: 'boolean', family: 'boolean' }],
    ['file.Ext.entropy', { esType: 'double', family: 'number' }],
    ['file.Ext.header_bytes', { esType: 'keyword', known: true }],
    // Nested and flattened
    ['dll.pe.sections.name', { esType: 'keyword', nestedPath: 'dll.pe.sections' }],
    ['dll.Ext.code_signature.trusted', { esType: 'boolean', nestedPath: 'dll.Ext.code_signature' }],
    ['dll.pe.imports.kernel32', { esType: 'flattened', family: 'keyword', known: true }],
    // Unknown fields
    ['foo.bar', { esType: 'keyword', family: 'keyword', known: false, sourceName: 'foo.bar', caseless: false }],
    ['winlog.event_data.TargetUserName', { family: 'keyword', known: false }],
    ['foo.bar.keyword', { esType: 'keyword', sourceName: 'foo.bar', known: false }],
    ['foo.bar.text', { sourceName: 'foo.bar.text', family: 'keyword', known: false }],
    ['process.pid.text', { sourceName: 'process.pid.text', known: false }],
    ['user.name.keyword', { sourceName: 'user.name', family: 'keyword', known: true }],
  ])('%s', (name, expected) => {
    const mapping = ECS_SCHEMA.lookup(name);
    expect(mapping.name).toBe(name);
    const present = Object.entries(expected).filter(([, value]) => value !== undefined);
    const absent = Object.entries(expected).filter(([, value]) => value === undefined);
    expect(mapping).toMatchObject(Object.fromEntries(present));
    for (const [key] of absent) expect(mapping).not.toHaveProperty(key);
  });

  it('caches lookups', () => {
    expect(ECS_SCHEMA.lookup('process.name')).toBe(ECS_SCHEMA.lookup('process.name'));
  });

  it('types every ECS field and multi-field as @elastic/ecs does (the generated table is current)', () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const field of Object.values(EcsFlat as Record<string, { flat_name: string; type: string; multi_fields?: { flat_name: string; type: string }[] }>)) {
      for (const { flat_name: name, type } of [field, ...(field.multi_fields ?? [])]) {
        checked++;
        const mapping = ECS_SCHEMA.lookup(name);
        if (mapping.esType !== type || !mapping.known) mismatches.push(`${name}: ${mapping.esType} != ${type}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(2000);
  });
});

describe('createSchema', () => {
  const schema = createSchema({ 'a.b': 'long', msg: 'text', tags: 'keyword', 'h.ip': 'ip', when: 'date_nanos', blob: 'flattened', doc: 'object' });

  it.each<[string, Expected]>([
    ['a.b', { esType: 'long', family: 'number', known: true }],
    ['msg', { esType: 'text', family: 'text' }],
    ['msg.keyword', { esType: 'keyword', family: 'keyword', sourceName: 'msg', known: true }],
    ['tags.text', { esType: 'text', family: 'text', sourceName: 'tags' }],
    ['tags.caseless', { caseless: true, sourceName: 'tags' }],
    ['h.ip', { family: 'ip' }],
    ['when', { family: 'date' }],
    ['blob.any.key', { family: 'keyword', esType: 'flattened', known: true }],
    ['doc', { family: 'other', esType: 'object' }],
    ['process.name', { esType: 'keyword', known: false }],
    ['toString', { esType: 'keyword', known: false }],
    ['__proto__', { esType: 'keyword', known: false }],
  ])('%s', (name, expected) => {
    expect(schema.lookup(name)).toMatchObject(expected);
  });

  it('falls back to another schema for names it does not list', () => {
    const layered = createSchema({ 'process.name': 'text' }, ECS_SCHEMA);
    expect(layered.lookup('process.name')).toMatchObject({ esType: 'text', family: 'text' });
    expect(layered.lookup('source.ip')).toMatchObject({ esType: 'ip', known: true });
    expect(layered.lookup('process.command_line.text')).toMatchObject({ esType: 'match_only_text', sourceName: 'process.command_line' });
    expect(layered.lookup('nope')).toMatchObject({ known: false, family: 'keyword' });
  });

  it.each([
    ['integer', 'number'],
    ['short', 'number'],
    ['byte', 'number'],
    ['half_float', 'number'],
    ['unsigned_long', 'number'],
    ['wildcard', 'keyword'],
    ['constant_keyword', 'keyword'],
    ['match_only_text', 'text'],
    ['nested', 'other'],
    ['geo_point', 'other'],
    ['binary', 'other'],
  ])('type %s is in the %s family', (esType, family) => {
    expect(createSchema({ f: esType }).lookup('f').family).toBe(family);
  });
});
