/**
 * AWS CloudTrail, mapped as Elastic's aws.cloudtrail integration maps it (map.ts), from every
 * export shape intake unwraps: S3 log files (`{"Records":[…]}`, gzipped, in the
 * `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/` layout), records one per line or in an
 * array (CloudTrail Lake, jq), `aws cloudtrail lookup-events` output and the console's event
 * history CSV (records.ts). GeoIP/ASN of source.ip comes from the databases the scan was given
 * (`--geoip`), as the pipeline's geoip processors would add it. Digest files are skipped before mapping (digest.ts). The events carry
 * Fleet's data stream (`logs-aws.cloudtrail-default`), `cloud.provider: aws` as the aws-s3 input
 * adds it, and the evidence file as `log.file.path`. See docs/sources-cloud.md.
 */
import { dataStream } from '../common/ecs.ts';
import { enrichGeoIp } from '../common/geoip/enrich.ts';
import { set } from '../evtx/ecs/doc.ts';
import type { MapResult, RawRecord, RecordMapper, RecordSource, SourceContext } from '../types.ts';
import { mapCloudTrail } from './map.ts';
import { looksLikeCloudTrail, trailRecord } from './records.ts';

export const DATASET = 'aws.cloudtrail';

export function createCloudTrailMapper(context: SourceContext): RecordMapper {
  return {
    map(raw: RawRecord): MapResult {
      const found = trailRecord(raw);
      if ('notMapped' in found) return found;
      const doc = mapCloudTrail(found.record);
      // The pipeline's geoip processors on source.ip, when the scan was given databases (--geoip).
      enrichGeoIp(doc, context.geoip);
      const { data_stream, event } = dataStream(DATASET, 'aws');
      doc['data_stream'] = data_stream;
      set(doc, 'event.dataset', event['dataset']);
      set(doc, 'event.module', event['module']);
      set(doc, 'cloud.provider', 'aws');
      set(doc, 'log.file.path', context.path);
      return { events: [doc] };
    },
  };
}

export const cloudTrailSource: RecordSource = {
  kind: 'records',
  name: DATASET,
  recordNoun: 'CloudTrail event',
  sniff: ({ records }) => records[0] !== undefined && looksLikeCloudTrail(records[0]),
  createMapper: createCloudTrailMapper,
};
