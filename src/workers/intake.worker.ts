/**
 * A pool worker: reads files and sends candidate events to the scan worker, over the port the
 * page hands it (`connect`). See intake-api.ts.
 */
import * as Comlink from 'comlink';
import { createIntakeApi } from './intake-api.ts';
import { exposeIntakeApi } from './readers.ts';

export interface IntakeWorkerApi {
  connect(port: MessagePort): void;
}

const api: IntakeWorkerApi = {
  connect(port) {
    exposeIntakeApi(createIntakeApi(), port);
  },
};
Comlink.expose(api);
