/**
 * A pool worker: reads files and sends candidate events to the scan worker, over the port the
 * page hands it (`connect`). See intake-api.ts.
 */
import * as Comlink from 'comlink';
import { createIntakeApi } from './intake-api.ts';
import { remoteDeflate, type InflatePort } from '../ingest/containers/inflate-service.ts';
import { exposeIntakeApi } from './readers.ts';

export interface IntakeWorkerApi {
  /** `port` leads to the scan worker; `inflate` to this reader's inflate worker (gzip). */
  connect(port: MessagePort, inflate: MessagePort): void;
}

const api: IntakeWorkerApi = {
  connect(port, inflate) {
    exposeIntakeApi(createIntakeApi({ decompressors: { gzip: remoteDeflate(inflate as unknown as InflatePort) } }), port);
  },
};
Comlink.expose(api);
