/**
 * The bundled training exercise in the production site (Chromium), as a trainee runs it: one
 * click opens the bundle and scans its evidence; answered with the normal tools it scores full
 * marks; a second run with a hint and wrong answers scores partially, with explanations.
 */
import { describe, expect, it } from 'vitest';
import { runScan, waitForApp } from './support/app.ts';
import { useSite } from './support/site-session.ts';

describe('the sample exercise (production site, Chromium)', () => {
  const site = useSite();

  it('scores a full run 6 of 6', async () => {
    const { page } = site.browser;
    await page.goto(`${site.server.origin}/`);
    await waitForApp(page);
    expect(await runScan(page, () => page.getByTestId('sample-exercise').click())).toMatch(/complete/);
    await expect.poll(() => page.getByTestId('exercise').isVisible()).toBe(true);
    expect(await page.getByTestId('exercise-clock').textContent()).toMatch(/^(30:00|29:\d\d) left$/);

    await page.getByTestId('answer-host').selectOption('mbp-alice');
    await page.getByTestId('answer-parent').fill('python3');
    await page.getByTestId('answer-first-file').fill('Login.keychain-db ');
    // Rule questions offer the rules that alerted in the exercise's scan.
    const offered = await page.getByTestId('answer-kerberos').locator('option').allTextContents();
    expect(offered).toContain('Kerberos Cached Credentials Dumping');
    await page.getByTestId('answer-kerberos').selectOption('Kerberos Cached Credentials Dumping');
    await page.getByTestId('answer-ci-verdict').selectOption('false positive');
    await page.getByTestId('exercise-submit').click();
    expect(await page.getByTestId('exercise-score').textContent()).toBe('Score: 6 of 6 points (100%).');
    expect(await page.getByTestId('answer-host').isDisabled()).toBe(true);
  });

  it('scores a run with a hint and wrong answers partially, explaining each', async () => {
    const { page } = site.browser;
    await page.getByRole('button', { name: 'Close exercise' }).click();
    expect(await runScan(page, () => page.getByTestId('sample-exercise').click())).toMatch(/complete/);
    await page.getByTestId('show-hint-host').click();
    expect(await page.getByTestId('hint-host').textContent()).toContain('First Time Python Accessed Sensitive Credential Files');
    await page.getByTestId('answer-host').selectOption('mbp-alice');
    await page.getByTestId('answer-parent').fill('zsh');
    await page.getByTestId('answer-first-file').fill('login.keychain-db');
    await page.getByTestId('answer-ci-verdict').selectOption('true positive');
    await page.getByTestId('exercise-submit').click();
    // host 2 × 0.5 (hint) + first-file 1 = 2 of 6.
    expect(await page.getByTestId('exercise-score').textContent()).toBe('Score: 2 of 6 points (33.3%).');
    expect(await page.getByTestId('result-host').textContent()).toContain('Right: 1 of 2 (hint used).');
    expect(await page.getByTestId('result-parent').textContent()).toContain('Wrong: 0 of 1. Expected: python3.');
    expect(await page.getByTestId('result-kerberos').textContent()).toContain('Not answered');
    expect(await page.getByTestId('result-ci-verdict').textContent()).toContain('conftest.py');
  });
});
