/**
 * Winlogbeat-shaped records → the documents Elastic's `windows` and `system` integrations index,
 * routed by channel as Winlogbeat's routing pipeline and Fleet's data streams route them. Each
 * gets `data_stream.*` (the engine's index for the rules' `logs-windows.*` / `logs-system.*`
 * patterns), `event.dataset`, `agent.type` and `host.os.{type,family}`. Channels without a ported
 * pipeline keep the Winlogbeat shape, with a data stream named after the channel.
 */
import { get, set, type Doc } from './doc.ts';
import { powershell, powershellOperational } from './powershell.ts';
import { security } from './security.ts';
import { sysmon } from './sysmon.ts';
import { system } from './system.ts';

const SECURITY_PROVIDERS = new Set(['Microsoft-Windows-Eventlog', 'Microsoft-Windows-Security-Auditing']);

/** The data stream dataset for a channel without its own pipeline: `windows.` + the channel as a dataset name allows. */
export function channelDataset(channel: string): string {
  const name = channel.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `windows.${name === '' ? 'unknown' : name}`;
}

function route(doc: Doc): string {
  const channel = String(get(doc, 'winlog.channel') ?? '');
  const lower = channel.toLowerCase();
  if (lower === 'security' && SECURITY_PROVIDERS.has(String(get(doc, 'winlog.provider_name')))) {
    security(doc);
    return 'system.security';
  }
  if (lower === 'microsoft-windows-sysmon/operational') {
    sysmon(doc);
    return 'windows.sysmon_operational';
  }
  if (lower === 'windows powershell') {
    powershell(doc);
    return 'windows.powershell';
  }
  if (lower === 'microsoft-windows-powershell/operational') {
    powershellOperational(doc);
    return 'windows.powershell_operational';
  }
  if (lower === 'system') {
    system(doc);
    return 'system.system';
  }
  return channelDataset(channel);
}

/** Maps one Winlogbeat document in place and returns it. */
export function toEcs(doc: Doc): Doc {
  const dataset = route(doc);
  set(doc, 'data_stream', { type: 'logs', dataset, namespace: 'default' });
  set(doc, 'event.dataset', dataset);
  if (get(doc, 'event.module') === undefined) set(doc, 'event.module', dataset.split('.')[0]);
  // Elastic Agent's winlog input runs in Filebeat.
  set(doc, 'agent.type', 'filebeat');
  if (get(doc, 'host.os.type') === undefined) set(doc, 'host.os.type', 'windows');
  if (get(doc, 'host.os.family') === undefined) set(doc, 'host.os.family', 'windows');
  return doc;
}
