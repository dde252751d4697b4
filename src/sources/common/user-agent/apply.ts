/**
 * The ingest step `user_agent: { field: user_agent.original, ignore_missing: true }` (target
 * `user_agent`, default properties) as the cloud pipelines run it: the whole `user_agent` object
 * is replaced by the parsed one, which keeps `original`. A value that is not a string is left
 * alone (Elasticsearch would fail the processor; the pipelines' fallbacks keep the value as is).
 */
import { getPath, putPath, type Doc } from '../doc.ts';
import { parseUserAgent } from './parse.ts';

export function applyUserAgent(doc: Doc, field = 'user_agent.original'): void {
  const original = getPath(doc, field);
  if (typeof original === 'string') putPath(doc, 'user_agent', parseUserAgent(original));
}
