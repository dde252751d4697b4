/**
 * What Elastic's jamf_protect integration adds per event type (its `pipeline_event_<type>.yml`
 * sub-pipelines): a reason, categories and types after the common `process` / `info`, and a few
 * event fields. Only the types whose output Elastic's own pipeline test pins down
 * (`test-jamf-protect-telemetry-sample-logs.log-expected.json`, elastic/integrations @ 039e5b7c)
 * are listed; other types get the common fields only (docs/sources-macos.md).
 */
import { objectAt, stringAt, integerAt, type JsonObject } from '../common/json.ts';

export interface EventDetails {
  readonly reason: string;
  readonly category: readonly string[];
  readonly type: readonly string[];
  /** The event's own fields (`user.name`, `file.path`, ...), merged into the document. */
  readonly fields?: (body: JsonObject | undefined) => Record<string, unknown>;
}

const screenLock = (body: JsonObject | undefined): Record<string, unknown> => {
  const user = stringAt(body, 'username');
  const session = integerAt(body, 'graphical_session_id');
  return {
    ...(user !== undefined ? { user: { name: user } } : {}),
    // Elastic's pipeline writes the session id under this (misleading) name; kept as it does.
    ...(session !== undefined ? { jamf_protect: { telemetry: { graphical_authentication_username: String(session) } } } : {}),
  };
};

const openDirectory = (body: JsonObject | undefined): Record<string, unknown> => {
  const db = stringAt(body, 'db_path');
  const user = stringAt(body, 'user_name');
  return { ...(db !== undefined ? { file: { path: db } } : {}), ...(user !== undefined ? { user: { name: user } } : {}) };
};

export const EVENT_DETAILS: Readonly<Record<string, EventDetails>> = {
  exec: { reason: 'A new process has been executed', category: [], type: ['start'] },
  sudo: {
    reason: 'A sudo attempt occurred',
    category: [],
    type: ['start'],
    fields: (body) => {
      const command = stringAt(body, 'command');
      return command !== undefined ? { process: { command_line: command } } : {};
    },
  },
  lw_session_lock: { reason: 'A user has locked the screen', category: ['authentication'], type: ['start'], fields: screenLock },
  lw_session_unlock: { reason: 'A user has unlocked the screen from the Login Window', category: ['authentication'], type: ['start'], fields: screenLock },
  od_enable_user: { reason: 'A user has been enabled using Open Directory', category: ['configuration'], type: ['change'], fields: openDirectory },
};

/**
 * The process an event is about: the new image for exec, the instigator of Open Directory events
 * (the process that asked opendirectoryd), else the message's process.
 */
export function subjectProcess(action: string, record: JsonObject, body: JsonObject | undefined): JsonObject | undefined {
  if (action === 'exec') return objectAt(body, 'target');
  if (action.startsWith('od_')) return objectAt(body, 'instigator') ?? objectAt(record, 'process');
  return objectAt(record, 'process');
}
