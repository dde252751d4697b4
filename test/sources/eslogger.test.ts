/** eslogger messages to Elastic Defend events: fields, process table, fidelity decisions, accounting. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EsloggerWriter, type EsMessage } from '../../scripts/sample/eslogger-messages.ts';
import { isSensitivePath } from '../../src/sources/eslogger/sensitive-files.ts';
import { createEsloggerMapper, NOT_MAPPED } from '../../src/sources/eslogger/map.ts';
import { defaultHostName, recogniseSource, sourceStage } from '../../src/sources/registry.ts';
import type { EcsEvent, MapResult } from '../../src/sources/types.ts';
import { gzip, utf8 } from '../ingest/helpers/build.ts';
import { scanBytes } from '../ingest/helpers/scan.ts';
import { readShared, sharedPath, skipWithoutShared } from '../support/shared-data.ts';
import { JAMF_EXEC, JAMF_LINES } from './jamf-fixtures.ts';

const CONTEXT = { path: 'case.zip!es.json', host: 'mbp-1' };

function get(event: EcsEvent | undefined, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], event);
}

function mapAll(messages: readonly EsMessage[]): MapResult[] {
  const mapper = createEsloggerMapper(CONTEXT);
  return messages.map((message) => mapper.map(message));
}

const only = (result: MapResult | undefined): EcsEvent => {
  if (!result || !('events' in result) || result.events.length !== 1) throw new Error(`expected one event, got ${JSON.stringify(result)}`);
  return result.events[0]!;
};

const zshImage = { executable: '/bin/zsh', signingId: 'com.apple.zsh', platform: true };

describe('eslogger mapping: processes', () => {
  it('maps fork, exec and exit to Defend fork/exec/end with parents, ancestry and the effective parent', () => {
    const w = new EsloggerWriter();
    const launchd = w.running(1, 0, { executable: '/sbin/launchd', signingId: 'com.apple.xpc.launchd', platform: true }, 0, '2024-05-01T00:00:00Z');
    const app = w.running(300, 1, { executable: '/Applications/Slack.app/Contents/MacOS/Slack', signingId: 'com.tinyspeck.slackmacgap', teamId: 'BQR82RBBHL' }, 501, '2024-05-01T08:00:00Z', launchd);
    const shell = w.running(500, 300, zshImage, 501, '2024-05-01T09:00:00Z', app);
    // ES names a responsible process by audit token only: its image is known once it acts in the capture.
    w.mmap(app, '/usr/lib/dyld', '2024-05-01T09:59:00Z');
    const child = w.fork(shell, 501, '2024-05-01T10:00:00.123456789Z');
    const tool = w.exec(child, { executable: '/private/tmp/tool', signingId: 'tool-5555', adhoc: true }, ['/private/tmp/tool', '-v'], '2024-05-01T10:00:01Z', { cwd: '/Users/alice', responsible: app });
    w.exit(tool, '2024-05-01T10:00:02Z', 3);
    // The shell first appears here, as the fork's actor: every later event can name it as a parent.
    const [, fork, exec, exit] = mapAll(w.messages).map((result, i) => (i === 0 ? {} : only(result)));

    expect(get(fork, 'event')).toMatchObject({ action: 'fork', category: ['process'], type: ['start'], dataset: 'endpoint.events.process', module: 'endpoint' });
    expect(get(fork, '@timestamp')).toBe('2024-05-01T10:00:00.123Z');
    expect(get(fork, 'process.executable')).toBe('/bin/zsh');
    expect(get(fork, 'process.parent.pid')).toBe(500);

    expect(get(exec, 'event')).toMatchObject({ action: 'exec', type: ['start'] });
    expect(get(exec, 'data_stream')).toEqual({ type: 'logs', dataset: 'endpoint.events.process', namespace: 'default' });
    expect(get(exec, 'agent.type')).toBe('endpoint');
    expect(get(exec, 'host')).toMatchObject({ name: 'mbp-1', id: 'mbp-1', os: { type: 'macos' } });
    expect(get(exec, 'log.file.path')).toBe('case.zip!es.json');
    expect(get(exec, 'process')).toMatchObject({
      pid: 501,
      executable: '/private/tmp/tool',
      name: 'tool',
      args: ['/private/tmp/tool', '-v'],
      args_count: 2,
      command_line: '/private/tmp/tool -v',
      working_directory: '/Users/alice',
      code_signature: { exists: true, trusted: false, signing_id: 'tool-5555' },
      parent: { pid: 500, executable: '/bin/zsh', name: 'zsh', code_signature: { exists: true, trusted: true, subject_name: 'Software Signing' } },
      Ext: { effective_parent: { pid: 300, executable: '/Applications/Slack.app/Contents/MacOS/Slack', name: 'Slack' } },
    });
    // Each image has its own entity id; the exec'd image's parent is the shell, not the fork copy it replaced.
    expect(get(exec, 'process.entity_id')).not.toBe(get(fork, 'process.entity_id'));
    expect(get(exec, 'process.parent.entity_id')).toBe(get(fork, 'process.parent.entity_id'));
    // Parent first, up the chain as far as the capture showed it (launchd never acted here).
    expect(get(exec, 'process.Ext.ancestry')).toEqual([get(fork, 'process.parent.entity_id'), get(exec, 'process.Ext.effective_parent.entity_id')]);
    expect(get(exec, 'user')).toEqual({ id: '501', Ext: { real: { id: '501' } } });

    expect(get(exit, 'event')).toMatchObject({ action: 'end', type: ['end'] });
    expect(get(exit, 'process.exit_code')).toBe(3);
    expect(get(exit, 'process.entity_id')).toBe(get(exec, 'process.entity_id'));
    expect(get(exit, 'process.args')).toEqual(['/private/tmp/tool', '-v']);
  });

  it('reads audit tokens as objects (version ≤ 9) and as audit_token_t arrays (version 10) alike', () => {
    const events = [8, 10].map((version) => {
      const w = new EsloggerWriter(version);
      const shell = w.running(500, 1, zshImage, 501, '2024-05-01T09:00:00Z');
      w.exec(w.fork(shell, 501, '2024-05-01T10:00:00Z'), zshImage, ['zsh', '-c', 'id'], '2024-05-01T10:00:01Z');
      return mapAll(w.messages).map(only)[1];
    });
    expect(events[1]).toEqual(events[0]);
    expect(get(events[0], 'process.pid')).toBe(501);
    expect(get(events[0], 'process.parent.pid')).toBe(500);
  });

  it('gives code signatures as Defend reports them: Apple and Developer ID trusted, ad hoc and unsigned not', () => {
    const w = new EsloggerWriter();
    const shell = w.running(500, 1, zshImage, 501, '2024-05-01T09:00:00Z');
    const images = [
      { executable: '/usr/bin/security', signingId: 'com.apple.security', platform: true },
      { executable: '/Applications/App.app/Contents/MacOS/App', signingId: 'com.example.app', teamId: 'EXAMPLE123' },
      { executable: '/private/tmp/a', signingId: 'a-5555', adhoc: true },
      { executable: '/private/tmp/b' },
    ];
    images.forEach((image, i) => w.exec(w.fork(shell, 600 + i, '2024-05-01T10:00:00Z'), image, [image.executable], '2024-05-01T10:00:01Z'));
    const signatures = mapAll(w.messages).filter((_, i) => i % 2 === 1).map((result) => get(only(result), 'process.code_signature'));
    expect(signatures).toEqual([
      { exists: true, trusted: true, signing_id: 'com.apple.security', status: 'trusted', subject_name: 'Software Signing' },
      { exists: true, trusted: true, signing_id: 'com.example.app', team_id: 'EXAMPLE123', status: 'trusted' },
      { exists: true, trusted: false, signing_id: 'a-5555' },
      { exists: false, trusted: false },
    ]);
  });

  it("maps a real exec message (Jamf Protect's Endpoint Security JSON) to the values Elastic's jamf_protect pipeline gives it", (context) => {
    skipWithoutShared(context, JAMF_LINES, JAMF_EXEC);
    const line = readShared(JAMF_LINES).split('\n')[4]!;
    const elastic = JSON.parse(readShared(JAMF_EXEC)) as EcsEvent;
    const event = only(createEsloggerMapper(CONTEXT).map(JSON.parse(line) as EsMessage));
    for (const field of ['process.executable', 'process.name', 'process.args', 'process.args_count', 'process.pid', 'process.working_directory', 'process.parent.pid', 'process.code_signature.signing_id', 'event.action', 'event.sequence']) {
      expect([field, get(event, field)]).toEqual([field, get(elastic, field)]);
    }
    expect(get(event, 'event.category')).toEqual(get(elastic, 'event.category'));
    expect(get(event, '@timestamp')).toBe(get(elastic, 'event.start'));
  });
});

describe('eslogger mapping: files', () => {
  const w = new EsloggerWriter();
  const python = w.running(800, 500, { executable: '/usr/bin/python3', signingId: 'com.apple.python3', platform: true }, 501, '2024-05-01T09:00:00Z');
  w.open(python, '/Users/alice/.ssh/id_rsa', '2024-05-01T10:00:00Z');
  w.open(python, '/usr/lib/python3.9/os.py', '2024-05-01T10:00:01Z');
  w.close(python, '/Users/alice/notes.txt', true, '2024-05-01T10:00:02Z');
  w.close(python, '/Users/alice/notes.txt', false, '2024-05-01T10:00:03Z');
  w.create(python, '/private/tmp/loot.zip', '2024-05-01T10:00:04Z');
  w.rename(python, '/private/tmp/loot.zip', '/Users/Shared/.x.zip', '2024-05-01T10:00:05Z');
  w.unlink(python, '/Users/Shared/.x.zip', '2024-05-01T10:00:06Z');
  w.writeTo(python, '/Users/alice/notes.txt', '2024-05-01T10:00:07Z');
  w.mmap(python, '/usr/lib/libSystem.B.dylib', '2024-05-01T10:00:08Z');
  const results = mapAll(w.messages);

  it('keeps opens of sensitive paths only, as Defend reports them (no command line)', () => {
    const open = only(results[0]);
    expect(get(open, 'event')).toMatchObject({ action: 'open', category: ['file'], type: ['access'], dataset: 'endpoint.events.file' });
    expect(get(open, 'data_stream.dataset')).toBe('endpoint.events.file');
    expect(get(open, 'file')).toMatchObject({ path: '/Users/alice/.ssh/id_rsa', name: 'id_rsa', directory: '/Users/alice/.ssh' });
    expect(get(open, 'process')).toMatchObject({ pid: 800, name: 'python3', parent: { pid: 500 } });
    expect(get(open, 'process.args')).toBeUndefined();
    expect(results[1]).toEqual({ notMapped: NOT_MAPPED.insensitiveOpen, message: 'open of /usr/lib/python3.9/os.py' });
  });

  it('maps modified closes, creations, renames and deletions; not writes or unmodified closes', () => {
    expect(get(only(results[2]), 'event')).toMatchObject({ action: 'modification', type: ['change'] });
    expect(results[3]).toMatchObject({ notMapped: NOT_MAPPED.unmodifiedClose });
    const created = only(results[4]);
    expect(get(created, 'event')).toMatchObject({ action: 'creation', type: ['creation'] });
    expect(get(created, 'file')).toMatchObject({ path: '/private/tmp/loot.zip', extension: 'zip' });
    const renamed = only(results[5]);
    expect(get(renamed, 'event.action')).toBe('rename');
    expect(get(renamed, 'file.path')).toBe('/Users/Shared/.x.zip');
    expect(get(renamed, 'file.Ext.original.path')).toBe('/private/tmp/loot.zip');
    expect(get(only(results[6]), 'event')).toMatchObject({ action: 'deletion', type: ['deletion'] });
    expect(results[7]).toMatchObject({ notMapped: NOT_MAPPED.write });
    expect(results[8]).toEqual({ notMapped: NOT_MAPPED.noEquivalent, message: 'mmap (20)' });
  });

  it('lists the sensitive paths Defend reports opens for', () => {
    for (const path of ['/Users/a/.ssh/id_ed25519', '/Users/a/.aws/credentials', '/Users/a/Library/Keychains/login.keychain-db', '/Library/Keychains/System.keychain', '/private/tmp/krb5cc_501', '/Users/a/Library/Application Support/Google/Chrome/Default/Login Data', '/Users/a/Library/Application Support/Firefox/Profiles/x.default/key4.db', '/Library/Preferences/com.apple.TimeMachine.plist', '/private/var/db/SystemKey']) {
      expect([path, isSensitivePath(path)]).toEqual([path, true]);
    }
    for (const path of ['/usr/lib/libSystem.B.dylib', '/Users/a/.ssh', '/Users/a/Documents/Cookies.txt', '/Users/a/.aws/cli/cache/x.json']) {
      expect([path, isSensitivePath(path)]).toEqual([path, false]);
    }
  });
});

describe('eslogger: recognising and reading a capture', () => {
  const capture = () => {
    const w = new EsloggerWriter();
    const shell = w.running(500, 1, zshImage, 501, '2024-05-01T09:00:00Z');
    const child = w.exec(w.fork(shell, 501, '2024-05-01T10:00:00Z'), zshImage, ['zsh', '-c', 'true'], '2024-05-01T10:00:01Z');
    w.mmap(child, '/usr/lib/dyld', '2024-05-01T10:00:02Z');
    w.exit(child, '2024-05-01T10:00:03Z');
    return w.lines();
  };

  it('is recognised by content, not by name; ECS files are not eslogger', () => {
    expect(recogniseSource(utf8(capture()))?.name).toBe('eslogger');
    expect(recogniseSource(utf8('{"@timestamp":"2024-05-01T00:00:00Z","event":{"kind":"event"}}\n'))).toBeUndefined();
    expect(recogniseSource(utf8('not json\n'))).toBeUndefined();
  });

  it('takes Jamf Protect Endpoint Security lines for Jamf Protect, not eslogger', (context) => {
    skipWithoutShared(context, JAMF_LINES);
    expect(recogniseSource(readFileSync(sharedPath(JAMF_LINES)))?.name).toBe('jamf_protect');
  });

  it('accounts for every line: lines = messages + skipped, messages = mapped + not mapped', async () => {
    const text = `${capture()}\nnot json\n[1]\n{"schema_version":1,"event_type":9,"time":"x","event":{"exec":{}},"process":{}}\n`;
    const { files, events } = await scanBytes('es.json.gz', gzip(utf8(text)), { sources: sourceStage }, [7, 300]);
    const [file] = files;
    expect(file?.source).toMatchObject({ name: 'eslogger', host: 'es', records: 5, events: 3 });
    expect(file?.lines).toBe(8);
    expect(file?.events).toBe(3);
    expect(events.map((event) => event.line)).toEqual([1, 2, 4]);
    expect(file?.skipped['not-json'].count).toBe(1);
    expect(file?.skipped['not-object'].count).toBe(1);
    expect(file?.skipped.blank.count).toBe(1);
    expect(file?.source?.notMapped).toEqual({
      [NOT_MAPPED.noEquivalent]: { count: 1, examples: [{ line: 3, message: 'mmap (20)' }] },
      [NOT_MAPPED.unreadable]: { count: 1, examples: [{ line: 8, message: 'exec (9): no ISO-8601 time' }] },
    });
    const events0 = JSON.parse(events[0]!.text) as EcsEvent;
    expect(get(events0, 'log.file.path')).toBe('es.json.gz');
  });

  it('leaves ECS files on the raw-line hook (the prefilter fast path) and never hands eslogger lines to it', async () => {
    const hooked: string[] = [];
    const onLine = (text: string) => {
      hooked.push(text);
      return { kind: 'not-parsed' } as const;
    };
    const ecs = '{"@timestamp":"2024-05-01T00:00:00Z","process":{"name":"kcc"}}\n{"@timestamp":"2024-05-01T00:00:01Z"}\n';
    const plain = await scanBytes('ecs.ndjson', utf8(ecs), { sources: sourceStage, onLine });
    expect(hooked).toHaveLength(2);
    expect(plain.files[0]?.source).toBeUndefined();
    expect(plain.files[0]?.events).toBe(2);
    hooked.length = 0;
    const mapped = await scanBytes('es.json', utf8(capture()), { sources: sourceStage, onLine });
    expect(hooked).toHaveLength(0);
    expect(mapped.events).toHaveLength(3);
  });

  it('names a host from the top input when none is given', () => {
    expect(defaultHostName('evidence/mbp-alice/')).toBe('mbp-alice');
    expect(defaultHostName('/cases/mbp-bob.json.gz!es.json')).toBe('mbp-bob');
    expect(defaultHostName('capture')).toBe('capture');
  });
});
