/**
 * What Filebeat's log input and a module's manifest add to every line before the module's pipeline
 * runs, as Filebeat's module test harness (beats filebeat/tests/system/test_modules.py) reads each
 * `.log`: `fileset.name`, `input.type: log`, `log.offset` (the line's byte offset), `service.type`
 * (the module) and the manifest's default `tags: [forwarded]`. They describe the shipper, not the
 * record, so golden tests supply them as the runner does (as elastic-package test configs supply
 * `fields`). Loupe's mappers write the Elastic Agent input's `tags` in the input's stead, so the
 * Filebeat input's tags replace them here.
 */
import { putDotted, type Doc } from './pipeline-goldens.ts';

export function withFilebeatInput(event: Doc, module: string, fileset: string, offset: number): Doc {
  const fields: Doc = { 'fileset.name': fileset, 'input.type': 'log', 'log.offset': offset, 'service.type': module, tags: ['forwarded'] };
  for (const [path, value] of Object.entries(fields)) putDotted(event, path, value);
  return event;
}
