/**
 * Shared by the component tests (each imports it first): unmount after every test, and give jsdom
 * the two Blob URL functions downloads use (jsdom has no implementation).
 */
import { cleanup } from '@testing-library/svelte';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

export const createdBlobs: Blob[] = [];
URL.createObjectURL = (blob: Blob | MediaSource): string => {
  createdBlobs.push(blob as Blob);
  return `blob:loupe/${createdBlobs.length}`;
};
URL.revokeObjectURL = (): void => {};
// jsdom does not implement navigation: a download anchor's click would only log an error.
HTMLAnchorElement.prototype.click = function click(): void {};
