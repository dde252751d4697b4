/**
 * The eventName → event.category/type table (src/sources/cloudtrail/categories.ts) against the
 * params of the aws.cloudtrail pipeline's "Add ECS categorization" script, read from the YAML:
 * same event names, same strings, same order.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../src/sources/cloudtrail/categories.ts';
import { needShared, sharedPath } from '../../support/shared-data.ts';

const PIPELINE = 'conformance/integrations/aws/cloudtrail/ingest_pipeline/default.yml';

/** The script's `params:` map: `Name:` at one indent, `category:`/`type:` below it, `- value` items below those. */
function pipelineParams(yaml: string): Record<string, Record<string, string[]>> {
  const lines = yaml.split('\n');
  const tag = lines.findIndex((line) => line.includes('tag: Add ECS categorization'));
  const start = lines.findIndex((line, i) => i > tag && line.trim() === 'params:');
  const params: Record<string, Record<string, string[]>> = {};
  let name = '';
  let key = '';
  for (const line of lines.slice(start + 1)) {
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    if (body.startsWith('source:')) break;
    if (body.startsWith('- ')) (params[name]![key] ??= []).push(body.slice(2));
    else if (indent === 8) params[(name = body.replace(/:$/, ''))] = {};
    else key = body.replace(/:$/, '');
  }
  return params;
}

describe('CloudTrail categorization table', () => {
  if (!needShared(PIPELINE)) return;
  it('equals the pipeline script params', () => {
    const params = pipelineParams(readFileSync(sharedPath(PIPELINE), 'utf8'));
    expect(Object.keys(params).length).toBeGreaterThan(40);
    expect(JSON.parse(JSON.stringify(CATEGORIES))).toEqual(params);
  });
});
