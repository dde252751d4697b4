// @vitest-environment jsdom
import './vitest.setup.ts';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import UpdateBanner from '../../src/ui/UpdateBanner.svelte';
import { AppUpdate } from '../../src/ui/stores/app-update.svelte.ts';

describe('a new version waiting', () => {
  it('is not offered until the service worker has one, then switches to it when asked', async () => {
    const update = new AppUpdate();
    expect(update.ready).toBe(false);
    const activate = vi.fn(async () => undefined);
    update.offer(activate);
    expect(update.ready).toBe(true);
    await update.apply();
    expect(activate).toHaveBeenCalledOnce();
  });

  it('reloads from the banner, but not while a scan runs', async () => {
    const onreload = vi.fn();
    const { rerender } = render(UpdateBanner, { busy: true, onreload });
    const button = screen.getByTestId('update-reload');
    expect(button).toHaveProperty('disabled', true);
    expect(screen.getByTestId('update-banner').textContent).toMatch(/after the scan finishes/);
    await rerender({ busy: false, onreload });
    await userEvent.click(button);
    expect(onreload).toHaveBeenCalledOnce();
  });
});
