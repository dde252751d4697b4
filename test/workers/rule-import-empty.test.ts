/** The app's rule import says "no rules found in FILE", as `loupe check` does, and keeps nothing of such a file. */
import { afterEach, describe, expect, it } from 'vitest';
import { testClient, type TestClient } from './helpers/test-client.ts';

const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0).reverse()) await client.dispose();
});

const rule = JSON.stringify({ rule_id: 'custom-1', name: 'Custom', type: 'query', language: 'kuery', query: 'process.name:curl', risk_score: 21, severity: 'low', description: 'x', index: ['logs-*'] });
const exceptionList = JSON.stringify({ list_id: 'trusted', type: 'detection', namespace_type: 'single', name: 'Trusted', description: 'd' });

describe('RealScanClient.importRules: files that hold no rules', () => {
  it('reports each with the message loupe check prints, imports the others, and keeps nothing of the empty ones', async () => {
    const opened = await testClient();
    clients.push(opened);
    const { client, reopen } = opened;
    const before = (await client.listRules()).length;
    const imported = await client.importRules([
      { path: 'mine/empty.ndjson', file: new File([''], 'empty.ndjson') },
      { path: 'mine/alerts.ndjson', file: new File(['{"@timestamp":"2024-05-01T00:00:00Z","event":{"kind":"signal"}}\n'], 'alerts.ndjson') },
      { path: 'mine/custom.ndjson', file: new File([`${rule}\n`], 'custom.ndjson') },
      // Exception lists alone add nothing by themselves, but rules already loaded can use them.
      { path: 'mine/lists.ndjson', file: new File([`${exceptionList}\n`], 'lists.ndjson') },
    ]);
    expect(imported).toEqual({
      added: 1,
      problems: [
        { file: 'mine/empty.ndjson', message: 'no rules found in mine/empty.ndjson' },
        { file: 'mine/alerts.ndjson', message: 'no rules found in mine/alerts.ndjson' },
      ],
    });
    const reloaded = await reopen();
    clients.push(reloaded);
    const files = new Set((await reloaded.client.listRules()).map((summary) => summary.file));
    expect(files.has('mine/custom.ndjson')).toBe(true);
    expect(files.has('mine/empty.ndjson') || files.has('mine/alerts.ndjson')).toBe(false);
    expect((await reloaded.client.listRules()).length).toBe(before + 1);
  });
});
