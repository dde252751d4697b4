/**
 * Kibana's stub data view (`stub_data_view_fields` in ../shared/conformance/kql-kibana/dsl_cases.json)
 * as an Elasticsearch mapping, shared by the KQL conformance suite and the DSL cross-check.
 */
import { createSchema } from '../../../src/engine/fields/schema.ts';

/** The stub data view: strings without `esTypes` are analysed text in the test index, `esTypes: [keyword]` keyword. */
export const STUB_SCHEMA = createSchema({
  bytes: 'long',
  ssl: 'boolean',
  '@timestamp': 'date',
  extension: 'text',
  'machine.os': 'text',
  'machine.os.raw': 'text',
  'machine.os.keyword': 'keyword',
  response: 'keyword',
  'nestedField.child': 'text',
  'nestedField.extension': 'text',
  'nestedField.bytes': 'long',
  'nestedField.nestedChild.doublyNestedChild': 'text',
});
