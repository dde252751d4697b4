/**
 * `process.code_signature.*` as Elastic Defend reports it on macOS, from what Endpoint Security
 * gives: the kernel's code-signing flags (`cs_blobs.h`), `signing_id`, `team_id` and
 * `is_platform_binary`. ES does not give the certificate chain, so "trusted" is approximated:
 * a valid, not ad-hoc signature that is either Apple's own (platform binary) or carries a team id
 * (Developer ID / App Store). Ad-hoc and unsigned code is untrusted, as Defend reports it.
 * `subject_name` is known only for Apple's platform binaries ("Software Signing").
 */
import type { EsProcess } from './message.ts';

const CS_VALID = 0x1;
const CS_ADHOC = 0x2;
const CS_SIGNED = 0x20000000;

export interface CodeSignature {
  readonly exists: boolean;
  readonly trusted: boolean;
  readonly signing_id?: string;
  readonly team_id?: string;
  readonly status?: string;
  readonly subject_name?: string;
}

export function codeSignature(process: EsProcess): CodeSignature {
  const flags = process.codesigningFlags;
  const exists = flags !== undefined ? (flags & CS_SIGNED) !== 0 || process.signingId !== undefined : process.signingId !== undefined;
  const valid = flags === undefined || (flags & CS_VALID) !== 0;
  const adhoc = flags !== undefined && (flags & CS_ADHOC) !== 0;
  const platform = process.isPlatformBinary === true;
  const trusted = exists && valid && !adhoc && (platform || process.teamId !== undefined);
  return {
    exists,
    trusted,
    ...(process.signingId !== undefined ? { signing_id: process.signingId } : {}),
    ...(process.teamId !== undefined ? { team_id: process.teamId } : {}),
    ...(trusted ? { status: 'trusted' } : {}),
    ...(trusted && platform ? { subject_name: 'Software Signing' } : {}),
  };
}
