/**
 * CloudTrail digest files (`AWSLogs/<account>/CloudTrail-Digest/<region>/…_CloudTrail-Digest_….json.gz`)
 * hold no events: one object per hour listing the log files delivered, their SHA-256 hashes and a
 * signature over the digest chain (`digestPublicKeyFingerprint`, `digestSignatureAlgorithm`,
 * `previousDigestSignature`, `logFiles[]`), for `aws cloudtrail validate-logs`. Recognised by
 * those keys and not read further; the file's summary says what it is and why it gave no events
 * (`aws.cloudtrail (digest file: …): 0 CloudTrail events → 0 events`).
 */
import { isJsonObject } from '../common/json.ts';
import type { SkippedFileKind } from '../types.ts';

const DIGEST_KEYS = ['digestPublicKeyFingerprint', 'digestSignatureAlgorithm', 'digestS3Object'] as const;

export const cloudTrailDigest: SkippedFileKind = {
  name: 'aws.cloudtrail',
  recognise: ({ records }) => {
    const first = records[0];
    if (!isJsonObject(first) || !DIGEST_KEYS.every((key) => typeof first[key] === 'string')) return undefined;
    const files = Array.isArray(first.logFiles) ? first.logFiles.length : 0;
    return `digest file, skipped: integrity hashes of ${files} log file${files === 1 ? '' : 's'}, no events (aws cloudtrail validate-logs checks them)`;
  },
};
