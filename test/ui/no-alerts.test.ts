// @vitest-environment jsdom
import './vitest.setup.ts';
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import NoAlerts from '../../src/ui/alerts/NoAlerts.svelte';

describe('NoAlerts', () => {
  it('states what the scan covered, in singular where it is one', () => {
    render(NoAlerts, { props: { events: 1, files: 1, rules: 1 } });
    expect(screen.getByTestId('no-alerts').textContent).toContain('1 rule ran over 1 event in 1 file, and none matched.');
    expect(screen.queryByTestId('no-alerts-warnings')).toBeNull();
  });

  it('lists the warnings to read before trusting it', () => {
    const warnings = ['12 matches of Rule A had no @timestamp', 'evidence.ndjson: no rule can see its 40 events'];
    render(NoAlerts, { props: { events: 2260, files: 12, rules: 5, warnings } });
    expect(screen.getByTestId('no-alerts').textContent).toContain('5 rules ran over 2,260 events in 12 files');
    expect(within(screen.getByTestId('no-alerts-warnings')).getAllByRole('listitem').map((item) => item.textContent)).toEqual(warnings);
  });
});
