// The whole workshop as a new user walks it: sign up, the demo, capability vs
// subdomain, a suggested split, a live move, the checklist, and the reports.
import { readFile } from 'node:fs/promises';
import { test, expect, waitForHydration } from './fixtures.mjs';
import { signUp, createDemo, openTab, saved, draftMove } from './helpers.mjs';

/** Refreshes a README screenshot, only when asked (`make screenshots`): a test run leaves the tree as it was. */
async function readmeScreenshot(page, name) {
  if (process.env.SEAMS_SCREENSHOTS) await page.screenshot({ path: `../docs/screenshots/${name}.png`, fullPage: false });
}

test('a new team runs a whole workshop', async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, 'Mina');
  const project = await createDemo(page);

  // Capability vs subdomain: one click from the project page.
  await page.getByTestId('compare-capability-subdomain').click();
  await page.waitForURL(/\/compare\?splits=/);
  const columns = page.getByTestId('compare-column');
  await expect(columns).toHaveCount(2);
  await expect(columns.nth(0)).toContainText('By capability');
  await expect(columns.nth(1)).toContainText('By subdomain');
  await expect(page.locator('tr[data-metric="icp"] td')).toHaveCount(2);
  await expect(page.locator('td.best').first()).toBeVisible();
  await expect(page.getByTestId('compare-summary')).not.toBeEmpty();
  await expect(page.getByTestId('split-detail')).toHaveCount(2);
  await expect(page.getByTestId('advice').first()).toContainText('Saga');
  await readmeScreenshot(page, 'compare');

  // The migration roadmap of the subdomain split: steps, cost and metrics.
  await openTab(page, project, 'roadmap');
  await expect(page.getByTestId('roadmap-total-cost')).not.toBeEmpty();
  await readmeScreenshot(page, 'roadmap');

  // A suggested split with six services.
  await openTab(page, project, 'splits');
  await page.getByTestId('suggest-count').fill('6');
  await page.getByTestId('suggest').click();
  await page.waitForURL(/\/splits\/split-/);
  await expect(page.getByTestId('split-name')).toContainText('Suggested (Leiden)');
  await saved(page);
  await expect(page.getByTestId('service-column')).toHaveCount(6);

  // Move a module by selecting it and choosing a service: ICP changes at once.
  // The SMS sender is only called by the notification service, so moving it away
  // from there adds a cross-service call.
  const icp = page.getByTestId('metric-icp');
  const before = await icp.textContent();
  const moved = 'notify.SmsSender';
  const target = await draftMove(page, moved);
  await expect(icp).not.toHaveText(before);
  await expect(page.getByTestId('draft-bar')).toBeVisible();
  await expect(page.locator(`[data-service="${target}"] [data-module="${moved}"]`)).toBeVisible();
  // …and by drag and drop.
  const dragged = page.getByTestId('service-column').nth(1).getByTestId('module-card').first();
  await dragged.dragTo(page.getByTestId('service-column').nth(2));
  await expect(page.getByTestId('draft-bar')).toContainText('2');
  await readmeScreenshot(page, 'split-editor');
  await page.getByTestId('save-moves').click();
  await saved(page);

  // The checklist: everyone answers; the verdict follows.
  await openTab(page, project, 'readiness');
  await expect(page.getByTestId('verdict')).toContainText('No answers yet');
  for (const q of ['n1', 'n2', 'n3', 'n4', 'n5', 'f1', 'f3', 'f4', 'f5']) {
    await page.getByTestId(`answer-${q}-yes`).check();
    await saved(page);
  }
  await page.getByTestId('answer-f2-no').check();
  await saved(page);
  await expect(page.getByTestId('verdict')).toContainText('Build the foundations first');
  const verdict = (await page.getByTestId('verdict').textContent()).trim();

  // The reports.
  await openTab(page, project, 'report');
  for (const [format, extension] of [['html', '.html'], ['md', '.md']]) {
    const download = page.waitForEvent('download');
    await page.getByTestId(`download-${format}`).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(new RegExp(`${extension.replace('.', '\\.')}$`));
    const text = await readFile(await file.path(), 'utf8');
    expect(text).toContain(verdict);
    for (const split of ['By capability', 'By subdomain', 'Suggested (Leiden)']) expect(text).toContain(split);
    expect(text).toContain('Inter-call percentage (ICP)');
    expect(text).toContain('Saga with compensating transactions');
  }
});

test('a viewer can look and answer, but not change the model', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signUp(page, 'Owner');
  const project = await createDemo(page);
  await openTab(page, project, 'settings');
  await page.getByTestId('invite-role').selectOption('viewer');
  await page.getByTestId('create-invite').click();
  const link = await page.getByTestId('invite-link').inputValue();
  expect(link).toContain('/join/');

  const context = await browser.newContext();
  const viewer = await context.newPage();
  await viewer.goto(link);
  await waitForHydration(viewer);
  await viewer.getByTestId('guest-name').fill('Viewer Guest');
  await viewer.getByTestId('join').click();
  await viewer.waitForURL(/\/p\/[0-9a-f]{32}$/);
  await expect(viewer.getByTestId('read-only')).toBeVisible();
  await openTab(viewer, project, 'model');
  await expect(viewer.getByTestId('modules-table')).toBeVisible();
  await expect(viewer.getByTestId('add-module')).toHaveCount(0);
  await expect(viewer.getByTestId('open-import')).toHaveCount(0);
  await openTab(viewer, project, 'splits');
  await expect(viewer.getByTestId('suggest')).toHaveCount(0);
  await viewer.getByTestId('split-row').first().getByRole('link').click();
  await expect(viewer.getByTestId('move-toolbar')).toHaveCount(0);
  await expect(viewer.getByTestId('module-card').first().getByRole('checkbox')).toBeDisabled();
  await openTab(viewer, project, 'readiness');
  await viewer.getByTestId('answer-n1-partly').check();
  await expect(viewer.getByTestId('save-state')).toHaveText('All changes saved');
  await context.close();
});

test('an import with a bad line explains it and saves nothing', async ({ page }) => {
  await signUp(page, 'Importer');
  const project = await createDemo(page);
  await openTab(page, project, 'model');
  const rows = await page.getByTestId('module-row').count();
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-first').fill('caller,callee,volume\nweb,pay,10\nweb,,3\npay,ledger,lots\n');
  await page.getByTestId('import-preview').click();
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText('nothing was saved');
  await expect(problems).toContainText('calls.csv:3: caller and callee are both required');
  await expect(problems).toContainText("calls.csv:4: volume 'lots' is not a number");
  await expect(page.getByTestId('import-confirm')).toHaveCount(0);
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId('module-row')).toHaveCount(rows);
});

test('the interface speaks Korean', async ({ page }) => {
  await signUp(page, 'Jiwoo');
  const project = await createDemo(page);
  await page.getByTestId('language-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByTestId('tab-model')).toHaveText('모델');
  await expect(page.getByTestId('save-state')).toHaveText('저장됨');
  // The choice is remembered across pages and reloads.
  await openTab(page, project, 'readiness');
  await expect(page.getByTestId('tab-readiness')).toHaveText('준비도');
  await expect(page.getByTestId('verdict')).toContainText('아직 답변이 없습니다');
  await expect(page.getByTestId('question').first()).toContainText('개발, 배포시 다른 팀의 소스');
});

test('project and compare pages are complete without JavaScript', async ({ page, browser }) => {
  await signUp(page, 'Reader');
  const project = await createDemo(page);
  const cookies = await page.context().cookies();
  const context = await browser.newContext({ javaScriptEnabled: false });
  await context.addCookies(cookies);
  const plain = await context.newPage();
  await plain.goto(project);
  await expect(plain.getByTestId('project-name')).toContainText('Fintech monolith demo');
  await expect(plain.getByTestId('model-summary')).toContainText('32');
  await expect(plain.getByTestId('compare-capability-subdomain')).toBeVisible();
  const compare = await plain.getByTestId('compare-capability-subdomain').getAttribute('href');
  await plain.goto(compare);
  await expect(plain.getByTestId('compare-column')).toHaveCount(2);
  await expect(plain.locator('tr[data-metric="icp"] td.best')).toHaveCount(1);
  await context.close();
});
