/** One parsed event: the `_source` object of an Elasticsearch document, as JSON.parse returned it. */
export type EventDoc = Record<string, unknown>;
