/** Elastic's public Jamf Protect samples, read from ../shared through test/support/shared-data.ts. */
export const JAMF_LINES = 'fixtures/public/jamf_protect-telemetry-raw-es-events-lines1-5.ndjson';
export const JAMF_EXEC = 'fixtures/public/jamf_protect-telemetry-sample_event-macos-exec.json';
