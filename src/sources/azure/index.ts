/**
 * Entra ID sign-in and audit logs and Azure activity logs, mapped as Elastic's azure integration
 * maps them (`azure.signinlogs`, `azure.auditlogs`, `azure.activitylogs`). Three sources, so a
 * file's summary names what it holds; each recognises a file by its first record's shape
 * (shapes.ts) and all share one mapper, which maps every record by its own shape (an Event Hub
 * capture or a Log Analytics export may mix categories). See docs/sources-cloud.md.
 */
import { dataStream } from '../common/ecs.ts';
import type { GeoIpDatabases } from '../common/geoip/enrich.ts';
import type { MapResult, RawRecord, RecordMapper, RecordSource, SourceContext } from '../types.ts';
import { mapActivity } from './activitylogs.ts';
import { mapAudit } from './auditlogs.ts';
import { set } from './fields.ts';
import { graphAuditToDiagnostic, graphSignInToDiagnostic, restActivityToDiagnostic } from './graph.ts';
import { azureShape, type AzureShape } from './shapes.ts';
import { mapSignIn } from './signinlogs.ts';
import type { AzureDataset, AzureMapped } from './types.ts';

export function mapAzureRecord(record: RawRecord, shape: AzureShape, geoip?: GeoIpDatabases): AzureMapped {
  switch (shape) {
    case 'signin':
      return mapSignIn(record, geoip);
    case 'audit':
      return mapAudit(record, geoip);
    case 'activity':
      return mapActivity(record, geoip);
    case 'graph-signin':
      return mapSignIn(graphSignInToDiagnostic(record), geoip);
    case 'graph-audit':
      return mapAudit(graphAuditToDiagnostic(record), geoip);
    case 'rest-activity':
      return mapActivity(restActivityToDiagnostic(record), geoip);
  }
}

export function createAzureMapper(context: SourceContext): RecordMapper {
  return {
    map(record: RawRecord): MapResult {
      const shape = azureShape(record);
      if (shape === undefined) return { notMapped: 'not an Azure log record', message: 'no sign-in, audit or activity record fields (time+category, createdDateTime+status, activityDateTime+initiatedBy, eventTimestamp+operationName)' };
      return finish(mapAzureRecord(record, shape, context.geoip), context.path);
    },
  };
}

/** A mapped record as the event Loupe indexes: its data stream (Fleet's `data_stream.*`, `event.dataset`/`module`) and file. */
export function finish(mapped: AzureMapped, path: string): MapResult {
  if ('notMapped' in mapped) return mapped;
  const { data_stream, event } = dataStream(mapped.dataset, 'azure');
  const doc = mapped.doc;
  doc['data_stream'] = data_stream;
  set(doc, 'event.dataset', event['dataset']);
  set(doc, 'event.module', event['module']);
  set(doc, 'log.file.path', path);
  return { events: [doc] };
}

const SHAPES_OF: Readonly<Record<AzureDataset, readonly AzureShape[]>> = {
  'azure.signinlogs': ['signin', 'graph-signin'],
  'azure.auditlogs': ['audit', 'graph-audit'],
  'azure.activitylogs': ['activity', 'rest-activity'],
};

function azureSource(dataset: AzureDataset, recordNoun: string): RecordSource {
  return {
    kind: 'records',
    name: dataset,
    recordNoun,
    sniff: ({ records }) => {
      const shape = records[0] === undefined ? undefined : azureShape(records[0]);
      return shape !== undefined && SHAPES_OF[dataset].includes(shape);
    },
    createMapper: createAzureMapper,
  };
}

export const azureSignInLogsSource = azureSource('azure.signinlogs', 'sign-in');
export const azureAuditLogsSource = azureSource('azure.auditlogs', 'audit record');
export const azureActivityLogsSource = azureSource('azure.activitylogs', 'activity record');
