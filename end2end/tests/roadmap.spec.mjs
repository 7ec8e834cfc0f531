// The migration roadmap with two people in two browsers: the cheapest order
// planned in the browser, a reorder by one that the other sees at once with
// its metrics, a pin refused next to its control while the saved order breaks
// it, a step's owner, an order vote adopted by the facilitator, and the
// downloads (the report carries the roadmap; the tasks import as CSV).
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.mjs';
import { signUp, createDemo, openTab, saved, inviteLink, joinAsGuest } from './helpers.mjs';

const LIVE = { timeout: 2_000 };
const NOTIFICATION = '알림 (Notification)';
const ORDERING = '주문 (Ordering)';
const REMITTANCE = '송금 (Remittance)';

/** Ari owns a demo project; Bora joins it as a participant in her own browser. */
async function workshop(page, browser) {
  await signUp(page, 'Ari');
  const project = await createDemo(page);
  const link = await inviteLink(page, project);
  const { context, guest: bora } = await joinAsGuest(browser, link.origin, link, 'Bora');
  return { project: new URL(project).pathname, context, bora };
}

const steps = (page) => page.getByTestId('step-services');
const stepOf = (page, services) => page.getByTestId('roadmap-step').filter({ has: page.getByTestId('step-services').getByText(services, { exact: true }) });

test('two people plan the roadmap: one reorders, the other sees the new order and its metrics', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const { project, context, bora } = await workshop(page, browser);

  // Both open the roadmap of the first split (by capability).
  await openTab(page, project, 'roadmap');
  await openTab(bora, project, 'roadmap');
  for (const who of [page, bora]) {
    await expect(steps(who)).toHaveCount(5);
    await expect(steps(who).first()).toHaveText(NOTIFICATION);
    await expect(who.getByTestId('roadmap-verdict')).toContainText('Readiness comes first');
    await expect(who.getByTestId('roadmap-rule')).toContainText('the cheapest order');
  }
  const cheapest = await page.getByTestId('roadmap-total-cost').textContent();
  await bora.evaluate(() => { window.seamsNoReload = true; });

  // Ari moves Ordering one step earlier; Bora sees it at once, re-scored.
  const ordering = stepOf(page, ORDERING);
  await expect(ordering.locator('.step-number')).toHaveText('3');
  await ordering.getByTestId('step-earlier').click();
  await saved(page);
  await expect(steps(page).nth(1)).toHaveText(ORDERING);
  const reordered = await page.getByTestId('roadmap-total-cost').textContent();
  expect(Number(reordered)).toBeGreaterThan(Number(cheapest));
  await expect(steps(bora).nth(1)).toHaveText(ORDERING, LIVE);
  await expect(bora.getByTestId('roadmap-total-cost')).toHaveText(reordered, LIVE);
  await expect(bora.getByTestId('roadmap-rule')).toContainText('the order the team chose');
  await expect(bora.locator('[data-testid="roadmap-metrics"] tr[data-metric="cross_volume_share"] td').nth(2))
    .toHaveText(await page.locator('[data-testid="roadmap-metrics"] tr[data-metric="cross_volume_share"] td').nth(2).textContent());
  expect(await bora.evaluate(() => window.seamsNoReload === true)).toBe(true);
  // The reorder re-scores in the browser (the page says how long it took).
  const rescore = await page.getByTestId('roadmap-total').getAttribute('data-rescore-ms');
  expect(rescore).toMatch(/^\d+(\.\d+)?$/);
  expect(Number(rescore)).toBeGreaterThanOrEqual(0);

  // The ordering step's tasks: its saga and the calls that become remote.
  await stepOf(bora, ORDERING).getByTestId('step-open').click();
  await expect(bora.getByTestId('details-title')).toContainText(ORDERING);
  await expect(bora.locator('[data-testid="details-group"][data-kind="saga"]')).toContainText('choreography');
  await expect(bora.locator('[data-testid="details-group"][data-kind="remote_call"]')).toContainText('order.OrderService → ledger.LedgerService');

  // Pinning Remittance first breaks the saved order: refused next to the control.
  await page.getByTestId('roadmap-pin-choice').selectOption({ label: REMITTANCE });
  await page.getByTestId('roadmap-pin').click();
  await expect(page.getByTestId('roadmap-plan').getByTestId('error')).toContainText('pinned first');
  await expect(page.getByTestId('roadmap-pins').locator('li')).toHaveCount(0);
  // Back to the cheapest order, then the pin holds: Remittance's group goes first.
  await page.getByTestId('roadmap-reset').click();
  await saved(page);
  await page.getByTestId('roadmap-pin').click();
  await saved(page);
  await expect(page.getByTestId('roadmap-pins').locator('li')).toContainText(REMITTANCE);
  await expect(steps(bora).first()).toContainText(REMITTANCE, LIVE);

  // Bora takes the first step for her team; Ari sees the owner.
  const first = bora.getByTestId('roadmap-step').first();
  await first.getByTestId('step-owner').fill('payments-team');
  await first.getByTestId('step-owner').press('Enter');
  await first.getByTestId('step-owner').blur();
  await saved(bora);
  await expect(page.getByTestId('roadmap-step').first().getByTestId('step-owner')).toHaveValue('payments-team', LIVE);

  // Unpinned again, Ari moves a step and calls a vote between the order shown and the cheapest.
  await page.getByTestId('roadmap-pins').getByRole('button').click();
  await saved(page);
  await stepOf(page, ORDERING).getByTestId('step-earlier').click();
  await saved(page);
  await page.getByTestId('vote-start').click();
  const boraRound = bora.getByTestId('vote-round');
  await expect(boraRound).toBeVisible(LIVE);
  await boraRound.getByRole('button', { name: /^Cheapest order/ }).click();
  await page.getByTestId('vote-round').getByRole('button', { name: /^Cheapest order/ }).click();
  await page.getByTestId('vote-reveal').click();
  await expect(boraRound.getByTestId('vote-summary')).toContainText('preferred: Cheapest order', LIVE);
  await page.getByTestId('vote-adopt').click();
  await saved(page);
  await expect(bora.getByTestId('roadmap-total-cost')).toHaveText(cheapest, LIVE);
  await expect(steps(bora).first()).toHaveText(NOTIFICATION, LIVE);

  // Every change is in the history, named.
  await openTab(page, project, 'settings');
  await expect(page.getByTestId('history-table')).toContainText('Roadmap (');
  await context.close();
});

test('the report download carries the roadmap, and the tasks download as CSV', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, 'Reporter');
  const project = new URL(await createDemo(page)).pathname;
  await openTab(page, project, 'report');
  const [report] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-html').click(),
  ]);
  const html = readFileSync(await report.path(), 'utf8');
  expect(html).toContain('Migration roadmap');
  expect(html).toContain(`Step 1: ${NOTIFICATION}`);
  expect(html).toContain('table class="roadmap"');

  await openTab(page, project, 'roadmap');
  await expect(steps(page)).toHaveCount(5);
  const [tasks] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-roadmap-csv').click(),
  ]);
  const csv = readFileSync(await tasks.path(), 'utf8').split('\n');
  expect(csv[0]).toBe('step,services,kind,summary,description,trace');
  expect(csv.filter((line) => line.startsWith('1,')).length).toBeGreaterThan(3);
  expect(csv.some((line) => line.includes('saga'))).toBe(true);
});
