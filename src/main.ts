import { mount } from 'svelte';
import { registerServiceWorker } from './pwa/register.ts';
import App from './ui/App.svelte';
import { AppUpdate } from './ui/stores/app-update.svelte.ts';
import type { ScanClient } from './ui/scan-client.ts';
import './ui/styles/theme.css';

/**
 * The scan client: the worker-backed one from the platform; in development `?fake` (or `?fake=<alert count>`) swaps in the
 * in-memory fake (dropped from production builds: `import.meta.env.DEV` is a build-time false).
 */
async function scanClient(): Promise<ScanClient> {
  const fake = new URLSearchParams(location.search).get('fake');
  if (import.meta.env.DEV && fake !== null) {
    // `?fake=100000` tries the screens with that many alerts.
    const { FakeScanClient, demoScenario } = await import('./ui/fake-scan-client.ts');
    return new FakeScanClient(demoScenario(Number(fake) || undefined));
  }
  const { createScanClient } = await import('./ui/client-factory.ts');
  return createScanClient();
}

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');

const update = new AppUpdate();
registerServiceWorker(update);

async function start(element: HTMLElement): Promise<ReturnType<typeof mount> | undefined> {
  try {
    return mount(App, { target: element, props: { client: await scanClient(), update } });
  } catch (error) {
    // A page that cannot start says why instead of staying blank.
    element.textContent = `Loupe could not start: ${error instanceof Error ? error.message : String(error)}`;
    return undefined;
  }
}

export default await start(target);
