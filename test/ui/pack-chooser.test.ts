// @vitest-environment jsdom
import './vitest.setup.ts';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeRuleStats } from '../../src/ui/fake-scan-client.ts';
import PackChooser from '../../src/ui/rules/PackChooser.svelte';
import RulesPanel from '../../src/ui/rules/RulesPanel.svelte';
import type { RulePackView } from '../../src/ui/scan-client.ts';

const facets = { os: [['windows', 630], ['linux', 523], ['macos', 175]] as [string, number][], sources: [['Elastic Defend', 1029]] as [string, number][], tactics: [['Execution', 400], ['Credential Access', 150]] as [string, number][] };

describe('the rule pack chooser', () => {
  it('switches from the seed pack to the library and narrows it by OS and tactic, one filter at a time', async () => {
    const onchange = vi.fn();
    const seed: RulePackView = { setting: { pack: 'seed', filter: {} }, libraryAvailable: true, selected: 0, notRunnable: 0, facets };
    const { rerender } = render(PackChooser, { view: seed, onchange });
    expect(screen.queryByTestId('pack-os')).toBeNull();
    await userEvent.selectOptions(screen.getByTestId('pack-select'), 'elastic');
    expect(onchange).toHaveBeenLastCalledWith({ pack: 'elastic', filter: { os: [], source: [], tactic: [] } });

    const library: RulePackView = { ...seed, setting: { pack: 'elastic', filter: { os: ['macos'] } }, selected: 200, notRunnable: 25 };
    await rerender({ view: library, onchange });
    expect(screen.getByTestId('pack-count').textContent).toBe('200 rules chosen, 175 runnable');
    await userEvent.selectOptions(screen.getByTestId('pack-tactic'), 'Credential Access');
    expect(onchange).toHaveBeenLastCalledWith({ pack: 'elastic', filter: { os: ['macos'], source: [], tactic: ['Credential Access'] } });
    await userEvent.selectOptions(screen.getByTestId('pack-os'), '');
    expect(onchange).toHaveBeenLastCalledWith({ pack: 'elastic', filter: { os: [], source: [], tactic: [] } });
  });

  it('cannot choose the library in a build without it (the single file)', () => {
    render(PackChooser, { view: { setting: { pack: 'seed', filter: {} }, libraryAvailable: false, selected: 0, notRunnable: 0, facets: { os: [], sources: [], tactics: [] } }, onchange: vi.fn() });
    const library = screen.getByRole('option', { name: /Elastic prebuilt rules \(not in this build\)/ }) as HTMLOptionElement;
    expect(library.disabled).toBe(true);
  });

  it('says after a scan how many rules could see the evidence and how many need data it lacks', () => {
    const stats = [
      fakeRuleStats({ ruleId: 'a', name: 'A', eventsSeen: 3 }),
      fakeRuleStats({ ruleId: 'b', name: 'B', eventsSeen: 0 }),
      fakeRuleStats({ ruleId: 'c', name: 'C', eventsSeen: 2, eventsOfCategory: 0 }),
      fakeRuleStats({ ruleId: 'd', name: 'D', status: 'unsupported' }),
    ];
    render(RulesPanel, { rules: [], stats, ontoggle: vi.fn(), onimport: vi.fn(), onexport: vi.fn() });
    expect(screen.getByTestId('rule-coverage').textContent).toBe('1 rule can see this evidence; 2 need data it lacks (the reason for each is under Notes)');
  });
});
