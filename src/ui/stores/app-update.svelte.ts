/**
 * A new version of the app, installed by the service worker and waiting: the page offers it and
 * switches only when the user says so (and no scan is running), so a scan never loses its page
 * to an update.
 */
export class AppUpdate {
  ready = $state(false);
  #activate: (() => Promise<void>) | undefined;

  /** The service worker has a new version waiting; `activate` switches to it and reloads the page. */
  offer(activate: () => Promise<void>): void {
    this.#activate = activate;
    this.ready = true;
  }

  async apply(): Promise<void> {
    await this.#activate?.();
  }
}
