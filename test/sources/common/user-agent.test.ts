/**
 * The user_agent processor port against every user agent Elastic's pipeline goldens parsed
 * (CloudTrail, O365, Azure sign-in, Okta, GCP: Filebeat module and integration tests): each
 * distinct original string, with the name/version/os/device fields Elasticsearch wrote for it.
 * Plus the processor's own rules on strings the goldens lack (Other, os without a version, `$1`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseUserAgent } from '../../../src/sources/common/user-agent/parse.ts';
import { isJsonObject } from '../../../src/sources/common/json.ts';
import { needShared, sharedPath } from '../../support/shared-data.ts';

const GOLDEN_DIRS = ['conformance/filebeat-modules', 'conformance/integrations'];

function expectedFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return expectedFiles(path);
    return name.endsWith('-expected.json') ? [path] : [];
  });
}

/** The golden's user_agent object, whether nested or written with dotted keys (Filebeat's flattened form). */
function userAgentOf(doc: Record<string, unknown>): Record<string, unknown> | undefined {
  if (isJsonObject(doc['user_agent'])) return doc['user_agent'];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (!key.startsWith('user_agent.')) continue;
    let node = out;
    const parts = key.slice('user_agent.'.length).split('.');
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = value;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

if (needShared(...GOLDEN_DIRS)) {
  const cases = new Map<string, [string, Record<string, unknown>]>();
  for (const file of GOLDEN_DIRS.flatMap((dir) => expectedFiles(sharedPath(dir)))) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const docs = Array.isArray(parsed) ? parsed : isJsonObject(parsed) && Array.isArray(parsed['expected']) ? parsed['expected'] : [];
    for (const doc of docs) {
      const agent = isJsonObject(doc) ? userAgentOf(doc) : undefined;
      // Only parsed agents: a golden holding `original` alone did not run the processor.
      if (agent === undefined || typeof agent['original'] !== 'string' || Object.keys(agent).length === 1) continue;
      const where = file.slice(file.indexOf('conformance/') + 'conformance/'.length);
      if (!cases.has(agent['original'])) cases.set(agent['original'], [where, agent]);
    }
  }

  describe('user_agent processor: the pipeline goldens', () => {
    it('finds the goldens’ parsed user agents', () => {
      console.info(`user_agent goldens: ${cases.size} distinct strings`);
      expect(cases.size).toBeGreaterThanOrEqual(30);
    });
    it.each([...cases].map(([original, [where, expected]]) => [where, original, expected] as const))('%s: %s', (_where, original, expected) => {
      expect(parseUserAgent(original)).toEqual(expected);
    });
  });
}

describe('user_agent processor: its rules', () => {
  it.each([
    // No parser matches: name and device are "Other", no version, no os.
    ['', { original: '', name: 'Other', device: { name: 'Other' } }],
    // An OS with a version: version joined with dots, full = "name version".
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      { original: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', name: 'Chrome', version: '120.0.0.0', os: { name: 'Windows', version: '10', full: 'Windows 10' }, device: { name: 'Other' } },
    ],
    // `Apple $1 App`: the first $1 is replaced by group 1.
    ['Watch4,2', { original: 'Watch4,2', name: 'Apple Watch App', version: '4.2', device: { name: 'Apple Watch' } }],
  ])('%j', (original, expected) => expect(parseUserAgent(original)).toEqual(expected));

  it('returns a fresh object each call (callers may change it)', () => {
    const first = parseUserAgent('aws-cli/2.13.0 Python/3.11.4');
    first.name = 'changed';
    expect(parseUserAgent('aws-cli/2.13.0 Python/3.11.4').name).toBe('aws-cli');
  });
});
