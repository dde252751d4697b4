/**
 * Apple's `es_event_type_t` (EndpointSecurity/ESTypes.h), by number: eslogger writes the number as
 * `event_type` and the name as the one key of `event`. Only names are needed here, to say which
 * event types a capture held that have no Elastic Defend equivalent. Types past this table
 * are named by the key eslogger wrote.
 */
const NAMES = [
  'auth_exec', 'auth_open', 'auth_kextload', 'auth_mmap', 'auth_mprotect', 'auth_mount', 'auth_rename', 'auth_signal', 'auth_unlink',
  'exec', 'open', 'fork', 'close', 'create', 'exchangedata', 'exit', 'get_task', 'kextload', 'kextunload', 'link', 'mmap', 'mprotect',
  'mount', 'unmount', 'iokit_open', 'rename', 'setattrlist', 'setextattr', 'setflags', 'setmode', 'setowner', 'signal', 'unlink', 'write',
  'auth_file_provider_materialize', 'file_provider_materialize', 'auth_file_provider_update', 'file_provider_update', 'auth_readlink',
  'readlink', 'auth_truncate', 'truncate', 'auth_link', 'lookup', 'auth_create', 'auth_setattrlist', 'auth_setextattr', 'auth_setflags',
  'auth_setmode', 'auth_setowner', 'auth_chdir', 'chdir', 'auth_getattrlist', 'getattrlist', 'stat', 'access', 'auth_chroot', 'chroot',
  'auth_utimes', 'utimes', 'auth_clone', 'clone', 'fcntl', 'auth_getextattr', 'getextattr', 'auth_listextattr', 'listextattr',
  'auth_readdir', 'readdir', 'auth_deleteextattr', 'deleteextattr', 'auth_fsgetpath', 'fsgetpath', 'dup', 'auth_settime', 'settime',
  'uipc_bind', 'auth_uipc_bind', 'uipc_connect', 'auth_uipc_connect', 'auth_exchangedata', 'auth_setacl', 'setacl', 'pty_grant',
  'pty_close', 'auth_proc_check', 'proc_check', 'auth_get_task', 'auth_searchfs', 'searchfs', 'auth_fcntl', 'auth_iokit_open',
  'auth_proc_suspend_resume', 'proc_suspend_resume', 'cs_invalidated', 'get_task_name', 'trace', 'remote_thread_create', 'auth_remount',
  'remount', 'auth_get_task_read', 'get_task_read', 'get_task_inspect', 'setuid', 'setgid', 'seteuid', 'setegid', 'setreuid', 'setregid',
  'auth_copyfile', 'copyfile', 'authentication', 'xp_malware_detected', 'xp_malware_remediated', 'lw_session_login',
  'lw_session_logout', 'lw_session_lock', 'lw_session_unlock', 'screensharing_attach', 'screensharing_detach', 'openssh_login',
  'openssh_logout', 'login_login', 'login_logout', 'btm_launch_item_add', 'btm_launch_item_remove', 'profile_add', 'profile_remove', 'su',
  'authorization_petition', 'authorization_judgement', 'sudo', 'od_group_add', 'od_group_remove', 'od_group_set', 'od_modify_password',
  'od_disable_user', 'od_enable_user', 'od_attribute_value_add', 'od_attribute_value_remove', 'od_attribute_set', 'od_create_user',
  'od_create_group', 'od_delete_user', 'od_delete_group', 'xpc_connect', 'gatekeeper_user_override',
] as const;

/** The numbers the mapper relies on (notify events; eslogger only writes notifications). */
export const ES_EVENT = { exec: 9, open: 10, fork: 11, close: 12, create: 13, exit: 15, rename: 25, unlink: 32, write: 33 } as const;

/** `exec (9)`, or the key eslogger wrote with the number when the number is past this table. */
export function eventTypeLabel(number: number | undefined, key: string | undefined): string {
  const name = number !== undefined ? NAMES[number] : undefined;
  if (name !== undefined) return `${name} (${number})`;
  if (key !== undefined) return number !== undefined ? `${key} (${number})` : key;
  return number !== undefined ? `event type ${number}` : 'no event type';
}
