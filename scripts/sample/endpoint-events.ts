/**
 * Elastic Defend (Endpoint) event documents for macOS hosts, as the agent writes them to the
 * `logs-endpoint.events.*` data streams: ECS fields, `data_stream.*` for routing, process entity
 * ids that link children to parents.
 */
import type { Dice } from './prng.ts';

export interface Host {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
  readonly users: readonly User[];
  readonly osVersion: string;
}

export interface User {
  readonly name: string;
  readonly id: string;
}

export interface Process {
  readonly entityId: string;
  readonly pid: number;
  readonly name: string;
  readonly executable: string;
  readonly args: readonly string[];
  readonly parent?: Process;
  readonly user: User;
}

export type Event = Record<string, unknown>;

const AGENT_VERSION = '8.13.2';

function base(host: Host, dataset: string, time: number, dice: Dice): Event {
  return {
    '@timestamp': new Date(time).toISOString(),
    agent: { id: `agent-${host.id.slice(0, 8)}`, type: 'endpoint', version: AGENT_VERSION },
    data_stream: { type: 'logs', dataset, namespace: 'default' },
    ecs: { version: '8.10.0' },
    elastic: { agent: { id: `agent-${host.id.slice(0, 8)}` } },
    host: {
      id: host.id,
      name: host.name,
      hostname: host.name,
      architecture: 'arm64',
      ip: [host.ip],
      os: { type: 'macos', family: 'macos', name: 'macOS', platform: 'macos', version: host.osVersion, kernel: '23.4.0' },
    },
    event: { id: dice.hex(24), module: 'endpoint', dataset, kind: 'event', created: new Date(time).toISOString() },
  };
}

function processFields(process: Process): Record<string, unknown> {
  return {
    entity_id: process.entityId,
    pid: process.pid,
    name: process.name,
    executable: process.executable,
    args: [...process.args],
    args_count: process.args.length,
    command_line: process.args.join(' '),
    working_directory: process.user.name === 'root' ? '/' : `/Users/${process.user.name}`,
    ...(process.parent
      ? { parent: { entity_id: process.parent.entityId, pid: process.parent.pid, name: process.parent.name, executable: process.parent.executable, args: [...process.parent.args] } }
      : {}),
  };
}

function withEvent(event: Event, fields: Record<string, unknown>): Event {
  event['event'] = { ...(event['event'] as Record<string, unknown>), ...fields };
  return event;
}

export function processStart(host: Host, process: Process, time: number, dice: Dice): Event {
  const event = base(host, 'endpoint.events.process', time, dice);
  withEvent(event, { category: ['process'], type: ['start'], action: 'exec' });
  event['process'] = processFields(process);
  event['user'] = { name: process.user.name, id: process.user.id };
  event['message'] = 'Endpoint process event';
  return event;
}

export function processEnd(host: Host, process: Process, time: number, dice: Dice): Event {
  const event = base(host, 'endpoint.events.process', time, dice);
  withEvent(event, { category: ['process'], type: ['end'], action: 'end' });
  event['process'] = { ...processFields(process), exit_code: 0 };
  event['user'] = { name: process.user.name, id: process.user.id };
  event['message'] = 'Endpoint process event';
  return event;
}

export function fileEvent(host: Host, process: Process, time: number, action: 'open' | 'creation' | 'modification' | 'deletion', path: string, dice: Dice): Event {
  const event = base(host, 'endpoint.events.file', time, dice);
  const type = action === 'open' ? 'access' : action === 'creation' ? 'creation' : action === 'deletion' ? 'deletion' : 'change';
  withEvent(event, { category: ['file'], type: [type], action });
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  event['file'] = { path, name, directory: path.slice(0, path.lastIndexOf('/')) || '/', ...(dot > 0 ? { extension: name.slice(dot + 1) } : {}) };
  event['process'] = { entity_id: process.entityId, pid: process.pid, name: process.name, executable: process.executable };
  event['user'] = { name: process.user.name, id: process.user.id };
  event['message'] = 'Endpoint file event';
  return event;
}

export function networkEvent(host: Host, process: Process, time: number, destination: { ip: string; port: number; domain?: string }, dice: Dice): Event {
  const event = base(host, 'endpoint.events.network', time, dice);
  withEvent(event, { category: ['network'], type: ['start'], action: 'connection_attempted' });
  event['source'] = { ip: host.ip, port: dice.int(49152, 65535) };
  event['destination'] = { ip: destination.ip, port: destination.port, ...(destination.domain ? { domain: destination.domain } : {}) };
  event['network'] = { direction: 'egress', transport: 'tcp', type: 'ipv4' };
  event['process'] = { entity_id: process.entityId, pid: process.pid, name: process.name, executable: process.executable };
  event['user'] = { name: process.user.name, id: process.user.id };
  event['message'] = 'Endpoint network event';
  return event;
}

export function authenticationEvent(host: Host, user: User, time: number, action: 'log_on' | 'log_off', outcome: 'success' | 'failure', via: { name: string; executable: string }, dice: Dice): Event {
  const event = base(host, 'endpoint.events.security', time, dice);
  withEvent(event, { category: ['authentication', 'session'], type: [action === 'log_on' ? 'start' : 'end'], action, outcome });
  event['process'] = { name: via.name, executable: via.executable, pid: dice.int(100, 900) };
  event['user'] = { name: user.name, id: user.id };
  event['message'] = 'Endpoint security event';
  return event;
}
