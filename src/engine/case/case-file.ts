/**
 * A case as one file: a zip (deterministic, stored times fixed) of
 *   case.json             the manifest (manifest.ts)
 *   scan.json             the scan's statistics and per-file accounts
 *   alerts.ndjson         the alerts, with their triage in Kibana's fields
 *   rules.ndjson          the rules that ran, as a Kibana rule import file
 *   new-terms-state.json  the new-terms history the scan was judged against (the CLI's --state format)
 * Reading checks every member's presence, size and JSON before anything is imported.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { CaseFileError, parseCaseManifest, type CaseManifest } from './manifest.ts';

export interface CaseParts {
  readonly manifest: CaseManifest;
  /** Plain JSON (the app's SavedScan stats and files). */
  readonly scan: unknown;
  readonly alertsNdjson: string;
  readonly rulesNdjson: string;
  /** Absent when the scan used no new-terms history. */
  readonly newTermsState?: string;
}

/** Members past this size are refused (a hostile zip may claim any size). */
export const MAX_CASE_MEMBER_BYTES = 512 * 1024 * 1024;
/** 1980-01-01, the earliest DOS time: the same case gives the same bytes. */
const FIXED_TIME = new Date(1980, 0, 1);

const MEMBERS = ['case.json', 'scan.json', 'alerts.ndjson', 'rules.ndjson', 'new-terms-state.json'] as const;

export function writeCaseFile(parts: CaseParts): Uint8Array {
  const file = (text: string): [Uint8Array, { mtime: Date }] => [strToU8(text), { mtime: FIXED_TIME }];
  const zippable: Zippable = {
    'case.json': file(`${JSON.stringify(parts.manifest, null, 2)}\n`),
    'scan.json': file(`${JSON.stringify(parts.scan)}\n`),
    'alerts.ndjson': file(parts.alertsNdjson),
    'rules.ndjson': file(parts.rulesNdjson),
  };
  if (parts.newTermsState !== undefined) zippable['new-terms-state.json'] = file(parts.newTermsState);
  return zipSync(zippable, { level: 6 });
}

function json(text: string, member: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CaseFileError(`${member}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The parts of a case file; throws `CaseFileError` saying which member is missing, too large or malformed. */
export function readCaseFile(bytes: Uint8Array): CaseParts {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, {
      filter: (entry) => {
        if (!(MEMBERS as readonly string[]).includes(entry.name)) return false;
        if (entry.originalSize > MAX_CASE_MEMBER_BYTES) throw new CaseFileError(`${entry.name}: ${entry.originalSize} bytes, more than a case file member may hold`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof CaseFileError) throw error;
    throw new CaseFileError(`not a readable zip (${error instanceof Error ? error.message : String(error)})`);
  }
  const text = (member: string): string => {
    const data = Object.hasOwn(members, member) ? members[member] : undefined;
    if (data === undefined) throw new CaseFileError(`${member}: missing from the case file`);
    return strFromU8(data);
  };
  const manifest = parseCaseManifest(json(text('case.json'), 'case.json'));
  const alertsNdjson = text('alerts.ndjson');
  alertsNdjson.split('\n').forEach((line, index) => {
    if (line !== '') json(line, `alerts.ndjson line ${index + 1}`);
  });
  const newTermsState = Object.hasOwn(members, 'new-terms-state.json') ? text('new-terms-state.json') : undefined;
  return { manifest, scan: json(text('scan.json'), 'scan.json'), alertsNdjson, rulesNdjson: text('rules.ndjson'), ...(newTermsState !== undefined ? { newTermsState } : {}) };
}
