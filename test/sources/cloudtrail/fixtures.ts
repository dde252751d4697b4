/**
 * A small AWS incident as the evidence arrives: trail log files in the S3 layout (zip of
 * `.json.gz`, each `{"Records":[…]}`), a digest file beside them, and a console event history CSV.
 * Records follow the CloudTrail User Guide's record contents; the rules they should raise are
 * Elastic's prebuilt AWS rules from ../shared/corpus/detection-rules.ndjson (rule id → event ids).
 */
import { gzip, utf8, zip } from '../../ingest/helpers/build.ts';

const ACCOUNT = '111122223333';
const MALLORY = { type: 'IAMUser', principalId: 'AIDAMALLORYEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/mallory`, accountId: ACCOUNT, accessKeyId: 'AKIAMALLORYEXAMPLE', userName: 'mallory' };

function call(id: string, time: string, source: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: MALLORY,
    eventTime: time,
    eventSource: source,
    eventName: name,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64 command/x',
    requestParameters: null,
    responseElements: null,
    requestID: `req-${id}`,
    eventID: id,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...extra,
  };
}

const ROOT_LOGIN = {
  eventVersion: '1.08',
  userIdentity: { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
  eventTime: '2026-11-30T08:00:00Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.9',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
  eventID: 'ct-root-login',
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: ACCOUNT,
};

const SHARED_POLICY = {
  bucketName: 'finance-exports',
  bucketPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::finance-exports/*' }] },
  policy: '',
};

/** The trail's records, by log file. */
export const TRAIL_FILES: readonly (readonly Record<string, unknown>[])[] = [
  [ROOT_LOGIN, call('ct-stop-denied', '2026-11-30T08:04:00Z', 'cloudtrail.amazonaws.com', 'StopLogging', { requestParameters: { name: 'main' }, errorCode: 'AccessDenied', errorMessage: 'User is not authorized' })],
  [
    call('ct-stop', '2026-11-30T08:05:00Z', 'cloudtrail.amazonaws.com', 'StopLogging', { requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main` } }),
    call('ct-delete', '2026-11-30T08:06:00Z', 'cloudtrail.amazonaws.com', 'DeleteTrail', { requestParameters: { name: 'main' } }),
    call('ct-policy', '2026-11-30T08:07:00Z', 's3.amazonaws.com', 'PutBucketPolicy', { requestParameters: SHARED_POLICY, eventCategory: 'Management' }),
  ],
];

const DIGEST = {
  awsAccountId: ACCOUNT,
  digestStartTime: '2026-11-30T07:00:00Z',
  digestEndTime: '2026-11-30T08:00:00Z',
  digestS3Bucket: 'trail-bucket',
  digestS3Object: `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2026/11/30/${ACCOUNT}_CloudTrail-Digest_us-east-1_main_us-east-1_20261130T080000Z.json.gz`,
  digestPublicKeyFingerprint: '0123456789abcdef0123456789abcdef',
  digestSignatureAlgorithm: 'SHA256withRSA',
  newestEventTime: '2026-11-30T07:59:00Z',
  oldestEventTime: '2026-11-30T07:01:00Z',
  previousDigestS3Bucket: 'trail-bucket',
  previousDigestS3Object: null,
  previousDigestHashValue: null,
  previousDigestHashAlgorithm: null,
  previousDigestSignature: null,
  logFiles: [],
};

/** The S3 prefix of the trail's log files and digests. */
const LOGS = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/30`;

/** The trail bucket copied down as a zip: log files, and a digest (skipped). */
export function trailZip(): Uint8Array {
  return zip([
    ...TRAIL_FILES.map((records, i) => ({ name: `${LOGS}/${ACCOUNT}_CloudTrail_us-east-1_20261130T080${i}Z_${i}.json.gz`, data: gzip(utf8(JSON.stringify({ Records: records }))) })),
    { name: DIGEST.digestS3Object, data: gzip(utf8(JSON.stringify(DIGEST))) },
  ]);
}

/** The console's event history download (CSV, no record column): IAM changes in another region's history. */
export const EVENT_HISTORY_CSV = [
  'Event ID,Event time,User name,Event name,Resource type,Resource name,AWS access key,AWS region,Error code,Source IP address,Event source,Read-only',
  'ct-add-group,2026-11-30T08:10:00Z,mallory,AddUserToGroup,AWS::IAM::Group,Admins,AKIAMALLORYEXAMPLE,us-east-1,,203.0.113.9,iam.amazonaws.com,false',
  'ct-mfa-off,2026-11-30T08:11:00Z,mallory,DeactivateMFADevice,AWS::IAM::User,alice,AKIAMALLORYEXAMPLE,us-east-1,,203.0.113.9,iam.amazonaws.com,false',
  'ct-mfa-denied,2026-11-30T08:12:00Z,mallory,DeactivateMFADevice,AWS::IAM::User,bob,AKIAMALLORYEXAMPLE,us-east-1,AccessDenied,203.0.113.9,iam.amazonaws.com,false',
].join('\r\n');

/** Prebuilt rule id → the event ids it must alert on (and no other rule may alert). */
export const RAISED_RULES: Readonly<Record<string, readonly string[]>> = {
  'e2a67480-3b79-403d-96e3-fdd2992c50ef': ['ct-root-login'], // AWS Management Console Root Login
  'bc0c6f0d-dab0-47a3-b135-0925f0a333bc': ['ct-root-login'], // Deprecated - AWS Root Login Without MFA
  '1aa8fa52-44a7-4dae-b058-f3333b91c8d7': ['ct-stop'], // AWS CloudTrail Log Suspended
  '7024e2a0-315d-4334-bb1a-441c593e16ab': ['ct-delete'], // AWS CloudTrail Log Deleted
  'e8c9ff14-fd1e-11ee-a0df-f661ea17fbce': ['ct-policy'], // AWS S3 Bucket Policy Added to Share with External Account (matches the Java text of requestParameters)
  '333de828-8190-4cf5-8d7c-7575846f6fe0': ['ct-add-group'], // AWS IAM User Addition to Group
  'd8fc1cca-93ed-43c1-bbb6-c0dd3eff2958': ['ct-mfa-off'], // AWS IAM Deactivation of MFA Device
};
