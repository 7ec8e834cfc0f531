// The report preview while edits stream in: it never goes blank once shown
// (each new report loads in a hidden frame and is swapped in when loaded),
// it settles on the latest revision, and a report that cannot be made keeps
// the last one with a note instead of emptying the frame.
import { test, expect } from './fixtures.mjs';
import { signUp, createDemo, openTab, saved } from './helpers.mjs';

test.use({ expectedConsoleErrors: [/status of 500/] });

test('the report preview stays readable while answers and moves are saved', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, 'Walker');
  const project = new URL(await createDemo(page)).pathname;
  // Reports take their time, as a big project's do.
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  await page.route('**/projects/export**', async (route) => { await sleep(700); await route.continue(); });
  await openTab(page, project, 'report');
  const preview = page.frameLocator('[data-testid="report-preview"]');
  await expect(preview.locator('h1')).toHaveCount(1);

  // Someone answers the whole checklist in another tab, one answer after another.
  const other = await page.context().newPage();
  await openTab(other, project, 'readiness');
  const answering = (async () => {
    for (const q of ['n1', 'n2', 'n3', 'n4', 'n5', 'f1', 'f2', 'f3', 'f4', 'f5']) {
      await other.getByTestId(`answer-${q}-yes`).check();
      await sleep(250);
    }
    await saved(other);
  })();
  let blank = 0;
  let samples = 0;
  const until = Date.now() + 7_000;
  while (Date.now() < until) {
    samples += 1;
    if ((await preview.locator('h1').count()) === 0) blank += 1;
    await sleep(50);
  }
  await answering;
  expect(samples).toBeGreaterThan(30);
  expect(blank, 'samples with a blank preview').toBe(0);
  // It settles on the latest revision: every answer is in the shown report.
  await expect(preview.locator('section#readiness tbody tr').filter({ hasText: 'f5' })).toContainText('1', { timeout: 15_000 });

  // A report that cannot be made leaves the last one shown, with why.
  await page.unroute('**/projects/export**');
  await page.route('**/projects/export**', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"Internal":"down"}' }));
  await other.getByTestId('answer-n1-no').check();
  await saved(other);
  await expect(page.getByTestId('error')).toBeVisible({ timeout: 10_000 });
  await expect(preview.locator('h1')).toHaveCount(1);
});
