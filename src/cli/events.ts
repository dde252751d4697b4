/**
 * `loupe events`: the ECS events Loupe derives from the evidence, as NDJSON or Elasticsearch
 * `_bulk` lines: raw evidence (eslogger, Jamf Protect, osquery) mapped by its source, ECS input passed through as read
 * (export wrappers unwrapped, Beats' `@metadata` removed). The same intake as `loupe scan`, so
 * scanning this output gives the alerts scanning the evidence gives; the same `derivedEvents` as the
 * app's "Export events", so the two write the same bytes.
 */
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { derivedEvents } from '../ingest/derived-events.ts';
import { formatCount, plural } from '../engine/output/plural.ts';
import { NODE_DECOMPRESSORS, nodeFileSource } from '../ingest/hosts/node.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/lines.ts';
import { LINE_SKIP_REASONS } from '../ingest/summary.ts';
import { sourceLines } from '../sources/describe.ts';
import { createSourceStage } from '../sources/registry.ts';
import { GEOIP_OPTION, loadGeoIp } from './geoip.ts';
import type { CommandSpec, ParsedArgs } from './args.ts';
import { UsageError } from './args.ts';
import { exitStatus } from './exit-status.ts';
import { reasonOf } from './files.ts';
import type { CliIo } from './io.ts';
import { collectInputs } from './node-input.ts';
import { openOutput } from './output.ts';
import { stringList } from './rule-pack.ts';
import { hostOf, MAX_RATIO_OPTION, maxRatioOf } from './scan.ts';

export const eventsSpec: CommandSpec = {
  name: 'events',
  summary: 'write the ECS events read from the evidence (raw evidence mapped), NDJSON or _bulk',
  usage: 'INPUT... [--out FILE] [--bulk] [--host NAME] [--geoip FILE]... [--max-ratio N]',
  details: [
    'Reads the inputs as `loupe scan` does and writes every event it would scan: ECS events as',
    'read, raw evidence (eslogger, Jamf Protect, osquery results) as the events it maps to. --bulk writes',
    'Elasticsearch _bulk lines instead ({"create":{"_index":...}} then the event), each into',
    "the event's data stream, ready for: curl -H 'Content-Type: application/x-ndjson'",
    '-XPOST localhost:9200/_bulk --data-binary @events.bulk. A summary goes to stderr.',
  ].join('\n'),
  options: {
    out: { type: 'string', short: 'o', description: 'file to write (default: stdout)' },
    bulk: { type: 'boolean', description: 'write Elasticsearch _bulk action and event lines' },
    host: { type: 'string', description: 'host name for raw evidence without host fields (default: the INPUT file or folder name)' },
    geoip: GEOIP_OPTION,
    'max-ratio': MAX_RATIO_OPTION,
  },
};

export async function runEvents(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError("events needs at least one INPUT file or folder (see 'loupe events --help')");
  const out = typeof args.values.out === 'string' && args.values.out !== '' ? args.values.out : undefined;
  const host = typeof args.values.host === 'string' && args.values.host !== '' ? args.values.host : undefined;
  const bulk = args.values.bulk === true;
  const maxRatio = maxRatioOf(typeof args.values['max-ratio'] === 'string' ? args.values['max-ratio'] : undefined, 'events');
  const geoip = await loadGeoIp(stringList(args.values.geoip), 'events');
  const outReal = out !== undefined && out !== '-' ? await realpath(resolve(out)).catch(() => undefined) : undefined;
  const inputs = await collectInputs(args.positionals, new Set(outReal !== undefined ? [outReal] : []));
  const sink = await openOutput(out, io).catch((error: unknown) => {
    throw new UsageError(`events: cannot write '${out}': ${reasonOf(error)}`);
  });
  const run = derivedEvents(
    inputs.files.map((file) => ({ ...nodeFileSource(file.path, file.size), host: hostOf(file, host) })),
    bulk ? 'bulk' : 'ndjson',
    { maxLineBytes: DEFAULT_MAX_LINE_BYTES, maxRatio, decompressors: NODE_DECOMPRESSORS, sources: createSourceStage(geoip.databases) },
  );
  try {
    for await (const text of run.text()) await sink.write(text);
    await sink.close();
  } catch (error) {
    await sink.abort();
    throw error;
  }

  const { files, written } = run;
  const skipped = LINE_SKIP_REASONS.map((reason) => [reason, files.reduce((sum, file) => sum + file.skipped[reason].count, 0)] as const).filter(([, n]) => n > 0);
  const failed = [...inputs.unreadable.map(({ path, reason }) => `${path}: ${reason}`), ...files.filter((file) => file.status !== 'scanned').map((file) => `${file.file}: ${file.reason ?? file.status}`)];
  const sourced = sourceLines(files);
  io.err(
    [
      `wrote ${plural(written, 'event')}${bulk ? ' as _bulk lines' : ''} from ${files.length} file${files.length === 1 ? '' : 's'}` +
        (skipped.length > 0 ? `; lines skipped: ${skipped.map(([reason, n]) => `${reason} ${formatCount(n)}`).join(', ')}` : ''),
      ...(sourced.length > 0 ? ['raw evidence mapped to ECS:', ...sourced.map((line) => `  ${line}`)] : []),
      ...(failed.length > 0 ? [`could not read ${failed.length} input${failed.length === 1 ? '' : 's'}:`, ...failed.map((line) => `  ${line}`)] : []),
    ].join('\n'),
  );
  return exitStatus({ ruleErrors: false, inputProblems: failed.length > 0 });
}
