/**
 * Light, dark, or whatever the system prefers (`prefers-color-scheme`), remembered in
 * localStorage. The choice is applied as `data-theme` on <html>; `system` removes it so the CSS
 * media query decides.
 */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const STORAGE_KEY = 'loupe.theme';

function stored(): Theme {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return (THEMES as readonly string[]).includes(value ?? '') ? (value as Theme) : 'system';
  } catch {
    // Storage can be disabled (privacy settings, file:// in some browsers): fall back quietly to the default look.
    return 'system';
  }
}

export class ThemeChoice {
  current: Theme = $state(stored());

  set(theme: Theme): void {
    this.current = theme;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, theme);
    } catch {
      // Not remembered across reloads; the theme still applies now.
    }
    this.apply();
  }

  /** Cycles system → light → dark. */
  next(): void {
    this.set(THEMES[(THEMES.indexOf(this.current) + 1) % THEMES.length]!);
  }

  apply(): void {
    const root = globalThis.document?.documentElement;
    if (!root) return;
    if (this.current === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', this.current);
  }
}
