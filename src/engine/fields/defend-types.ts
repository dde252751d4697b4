/**
 * Elastic Defend (endpoint) fields that ECS lacks, with their Elasticsearch types.
 *
 * VERIFIED entries were read from elastic/endpoint-package `custom_schemas/` (custom_process.yml,
 * custom_dll.yml, custom_file.yml, custom_token.yml, custom_effective_process.yml,
 * custom_memory_protection.yml). INFERRED entries are not in those files; their types come from how
 * the public detection rules use them (numeric comparisons, string literals). Any other Defend field
 * (`Responses.*`, most `process.Ext.memory_region.*`, ...) is unknown and so keyword, which is what
 * the endpoint package uses for nearly all of them.
 */

type TypeTable = Record<string, string>;

/** Prefixes every key of `fields` with `prefix.`. */
function under(prefix: string, fields: TypeTable): TypeTable {
  return Object.fromEntries(Object.entries(fields).map(([name, type]) => [`${prefix}.${name}`, type]));
}

const K = 'keyword';
const B = 'boolean';

const codeSignature = (nestedType: 'nested' | 'object'): TypeTable => ({
  code_signature: nestedType,
  ...under('code_signature', {
    exists: B, valid: B, trusted: B, subject_name: K, status: K, thumbprint_sha256: K, signing_id: K, team_id: K,
  }),
});

const device: TypeTable = under('device', {
  bus_type: K, dos_name: K, nt_name: K, product_id: K, serial_number: K, vendor_id: K,
  volume_device_type: K, file_system_type: K,
});

/** Field sets Defend reuses at several places (see DEFEND_REUSED_AT). Keys are relative to the set. */
export const DEFEND_FIELD_SETS: Readonly<Record<string, TypeTable>> = {
  // VERIFIED custom_token.yml
  token: {
    user: K, domain: K, sid: K, type: K, elevation: K, elevation_type: K, impersonation_level: K,
    integrity_level: 'long', integrity_level_name: K, is_appcontainer: B,
    privileges: 'nested', 'privileges.name': K, 'privileges.enabled': B, 'privileges.description': K,
    elevation_level: K, // INFERRED (compared with strings in rules)
  },
  // VERIFIED custom_dll.yml (the `dll.Ext` part)
  dllExt: {
    mapped_address: 'unsigned_long', mapped_size: 'unsigned_long', compile_time: 'date',
    ...codeSignature('nested'),
    load_index: 'unsigned_long', defense_evasions: K, relative_file_creation_time: 'double',
    relative_file_name_modify_time: 'double', size: 'unsigned_long', ...device,
    windows: 'object', 'windows.zone_identifier': K,
  },
  // VERIFIED custom_process.yml (the `process.Ext` part)
  processExt: {
    ancestry: K, architecture: K, services: K, user: K, authentication_id: K, session: K,
    ...codeSignature('nested'),
    mitigation_policies: K, real: 'object', 'real.pid': 'long', defense_evasions: K,
    relative_file_creation_time: 'double', relative_file_name_modify_time: 'double', protection: K,
    ...under('session_info', {
      logon_type: K, client_address: K, id: 'unsigned_long', authentication_package: K,
      relative_logon_time: 'double', relative_password_age: 'double', user_flags: K,
    }),
    ...device,
    trusted: B, trusted_descendant: B,
    // INFERRED
    created_suspended: B,
    'api.name': K, 'api.parameters.desired_access_numeric': 'long',
  },
  // VERIFIED custom_process.yml (the `process.thread.Ext` part)
  threadExt: {
    call_stack_contains_unbacked: B, call_stack_summary: K,
    call_stack_final_user_module: 'nested',
    ...under('call_stack_final_user_module', { name: K, path: K, ...codeSignature('nested'), hash: 'object', 'hash.sha256': K }),
    hardware_breakpoint_set: B, start: 'date', start_address: 'unsigned_long',
    start_address_allocation_offset: 'unsigned_long', start_address_bytes: K, start_address_bytes_disasm: K,
    start_address_bytes_disasm_hash: K, start_address_module: K, start_address_details: 'object',
    original_start_address: 'unsigned_long', original_start_address_allocation_offset: 'unsigned_long',
    original_start_address_bytes: K, original_start_address_bytes_disasm: K,
    original_start_address_bytes_disasm_hash: K, original_start_address_module: K, service: K,
    uptime: 'long', parameter: 'unsigned_long', parameter_bytes_compressed: K, parameter_bytes_compressed_present: B,
  },
  // VERIFIED custom_effective_process.yml
  effectiveProcess: {
    pid: 'long', entity_id: K, name: K, executable: K, ...codeSignature('object'),
  },
};

/** A prefix under which a field set is reused: an ECS prefix, or a DEFEND_FIELD_SETS entry. */
export type FieldSetReuse =
  | { readonly alias: string; readonly prefix: string }
  | { readonly alias: string; readonly set: keyof typeof DEFEND_FIELD_SETS & string };

/**
 * Where field sets are reused (`Target.process.` holds a whole process, `process.Ext.effective_parent.`
 * an Effective_process, ...). Prefixes end in `.`; the first alias that matches a name applies.
 */
export const DEFEND_REUSED_AT: readonly FieldSetReuse[] = [
  { alias: 'Target.process.', prefix: 'process.' },
  { alias: 'Target.dll.', prefix: 'dll.' },
  { alias: 'process.Ext.dll.', prefix: 'dll.' },
  { alias: 'process.parent.Ext.', prefix: 'process.Ext.' },
  { alias: 'process.Ext.effective_parent.', prefix: 'Effective_process.' },
  { alias: 'Effective_process.', set: 'effectiveProcess' },
  { alias: 'process.Ext.token.', set: 'token' },
  { alias: 'process.thread.Ext.token.', set: 'token' },
  { alias: 'process.Ext.', set: 'processExt' },
  { alias: 'process.thread.Ext.', set: 'threadExt' },
  { alias: 'dll.Ext.', set: 'dllExt' },
];

/** Defend fields outside the reusable sets. */
export const DEFEND_TYPES: Readonly<TypeTable> = {
  'process.Ext': 'object',
  'process.thread.Ext': 'object',
  'dll.Ext': 'object',
  'Effective_process': 'object',
  // Defend's own multi-fields on process names and paths (VERIFIED custom_process.yml): `.caseless`
  // is a keyword with a lowercase normalizer, `.text` a text field.
  ...Object.fromEntries(
    ['command_line', 'executable', 'name', 'working_directory'].flatMap((field) => [
      [`process.${field}.caseless`, K],
      [`process.${field}.text`, 'text'],
    ]),
  ),
  // VERIFIED custom_file.yml
  'file.entry_modified': 'double',
  'file.temp_file_path': K,
  'file.quarantine_result': B,
  'file.quarantine_path': K,
  // VERIFIED custom_memory_protection.yml
  Memory_protection: 'object',
  ...under('Memory_protection', {
    feature: K, thread_count: 'long', self_injection: B, parent_to_child: B, cross_session: B, unique_key_v1: K,
  }),
  // INFERRED from rule usage
  'file.Ext': 'object',
  ...under('file.Ext', {
    entropy: 'double', header_bytes: K, 'original.path': K, 'original.name': K, 'original.extension': K,
    'windows.zone_identifier': K, 'malware_classification.score': 'double', 'malware_classification.version': K,
    ...codeSignature('nested'),
  }),
  'user.Ext.real.id': K,
  'group.Ext.real.id': K,
  'dns.Ext.status': K,
  Responses: 'object',
  Target: 'object',
};
