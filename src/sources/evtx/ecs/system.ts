/**
 * `system.system`: the system package's pipeline for the System channel. In elastic/integrations
 * it is a link to `packages/windows/_dev/shared/ingest_pipeline/windows_event.yml`, which sets
 * `event.ingested` and `ecs.version` and converts `error.code` to a string; nothing per event id.
 * System events (7045 service installed, 104 log cleared, 7036/7040 service state and start type)
 * are indexed in Winlogbeat's shape: rules read `winlog.event_data.ServiceName`, `ImagePath`, …
 * and `event.action` (Winlogbeat's task name, see PROVIDER_TASKS in ../winlogbeat.ts).
 * `event.ingested` is left out here as in every channel (it is the time of indexing).
 * The agent side also runs `translate_sid` on `winlog.event_data.MemberSid`, which needs the
 * host's account database: not done.
 */
import { get, set, type Doc } from './doc.ts';

export function system(doc: Doc): void {
  set(doc, 'ecs.version', '8.11.0');
  const code = get(doc, 'error.code');
  // `convert` to string: numbers and booleans become their text; arrays convert item by item.
  if (typeof code === 'number' || typeof code === 'boolean') set(doc, 'error.code', String(code));
  else if (Array.isArray(code)) set(doc, 'error.code', code.map((item: unknown) => (typeof item === 'number' || typeof item === 'boolean' ? String(item) : item)));
}
