/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * Registers the service worker (site build only: the single-file build resolves this virtual
 * module to a stub, see vite.config.ts). `registerType: 'prompt'`: a new version installs in the
 * background and waits; `update` offers it in the page, and taking it posts SKIP_WAITING and
 * reloads once the new worker controls the page.
 */
import { registerSW } from 'virtual:pwa-register';
import type { AppUpdate } from '../ui/stores/app-update.svelte.ts';

export function registerServiceWorker(update: AppUpdate): void {
  const activate = registerSW({ onNeedRefresh: () => update.offer(() => activate(true)) });
}
