// What a team meets in its first real workshop (issue 13), one test per item a
// single person can check; the two-person items (my own answer under my name,
// the page others see me on after a reconnect, facilitation as a role) are in
// live.spec.mjs.
import { test, expect, waitForHydration } from './fixtures.mjs';
import { signUp, createDemo, openTab, saved } from './helpers.mjs';

/** The same person's browser with JavaScript off: what the server alone renders. */
async function withoutJavaScript(page, browser) {
  const context = await browser.newContext({
    baseURL: new URL(page.url()).origin,
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  return { context, plain: await context.newPage() };
}

/** Hangul words drawn over more than one line inside `selector`. */
async function brokenKoreanWords(page, selector) {
  return page.evaluate((selector) => {
    const broken = [];
    for (const element of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.textContent.matchAll(/[\uAC00-\uD7A3]{2,}/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  }, selector);
}

test('the history names modules, services and questions as people know them', async ({ page }) => {
  await signUp(page, 'Hana');
  const project = await createDemo(page);
  await openTab(page, project, 'readiness');
  await page.getByTestId('answer-f5-partly').check();
  await saved(page);
  const f5 = await page.locator('[data-testid="question"][data-question="f5"] span[lang="en"]').textContent();

  await openTab(page, project, 'splits');
  await page.getByTestId('split-row').first().getByRole('link').click();
  await page.waitForURL(/\/splits\/.+/);
  const card = page.locator('[data-testid="module-card"][data-module="notify.SmsSender"]');
  const moduleName = (await card.locator('.card-label').textContent()).trim();
  const home = await page.locator('[data-testid="service-column"]', { has: card }).getAttribute('data-service');
  const target = page.getByTestId('move-target');
  const options = await target.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent.trim()]));
  const [serviceId, serviceName] = options.find(([value]) => value && value !== home);
  await card.getByRole('checkbox').check();
  await target.selectOption(serviceId);
  await page.getByTestId('move-selected').click();
  await expect(page.getByTestId('draft-bar')).toContainText('1 unsaved move');
  await expect(page.getByTestId('draft-bar')).not.toContainText('moves');
  await page.getByTestId('save-moves').click();
  await saved(page);

  await openTab(page, project, 'settings');
  const history = page.getByTestId('history-table');
  await expect(history).toContainText(`Checklist answer: ${f5.trim()} — Partly`);
  await expect(history).toContainText(`Moved ${moduleName} to ${serviceName}`);
  await expect(history).not.toContainText(/Checklist answer: [nf]\d\b/);
  await expect(history).not.toContainText('notify.SmsSender');
});

test('without JavaScript the settings lists, the compare choices, the timer and the follow choice are all there', async ({ page, browser }) => {
  await signUp(page, 'Jun');
  const project = await createDemo(page);
  await openTab(page, project, 'settings');
  await page.getByTestId('create-invite').click();
  await expect(page.getByTestId('invite-link')).toHaveValue(/\/join\//);

  const { context, plain } = await withoutJavaScript(page, browser);
  const path = new URL(project).pathname;
  await plain.goto(`${path}/settings`);
  await expect(plain.getByTestId('members-table')).toContainText('Jun');
  await expect(plain.getByTestId('members-table')).toContainText('owner');
  await expect(plain.getByTestId('history-table').locator('tr')).not.toHaveCount(0);
  await expect(plain.getByTestId('history-table')).toContainText('Project created');
  await expect(plain.locator('.plain-list li').first()).toContainText('participant');

  // The server renders the state the browser will show: chosen splits checked,
  // the timer's minutes filled in, following on.
  await plain.goto(`${path}/compare`);
  const picker = plain.locator('.split-picker input[type="checkbox"]');
  await expect(picker).toHaveCount(2);
  await expect(picker.nth(0)).toBeChecked();
  await expect(picker.nth(1)).toBeChecked();
  await expect(plain.getByTestId('timer-minutes')).toHaveValue('10');
  await expect(plain.getByTestId('follow-choice')).toBeChecked();

  // Someone who opted out of following sees it unchecked from the first paint.
  await page.goto(`${path}/compare`);
  await waitForHydration(page);
  await page.getByTestId('follow-choice').uncheck();
  await context.close();
  const again = await withoutJavaScript(page, browser);
  await again.plain.goto(`${path}/compare`);
  await expect(again.plain.getByTestId('follow-choice')).not.toBeChecked();
  await again.context.close();
});

test('an address with a trailing slash leads to the page', async ({ page }) => {
  await signUp(page, 'Seo');
  const project = await createDemo(page);
  await page.goto(`${new URL(project).pathname}/readiness/`);
  await waitForHydration(page);
  expect(new URL(page.url()).pathname).toMatch(/\/readiness$/);
  await expect(page.getByTestId('question')).toHaveCount(10);
});

test('an unanswered question says so, and the workshop bar keeps its words together', async ({ page }) => {
  await signUp(page, 'Min');
  const project = await createDemo(page);
  await openTab(page, project, 'readiness');
  const n1 = page.locator('[data-testid="question"][data-question="n1"]');
  await expect(n1.locator('.aggregate')).toHaveText('No answers yet');
  await page.getByTestId('answer-n1-dont_know').check();
  await expect(n1.locator('.aggregate')).toContainText("no score (everyone said don't know)");
  await expect(page.locator('.aggregate').filter({ hasText: '— —' })).toHaveCount(0);

  const follow = page.locator('.follow-choice');
  const box = await follow.boundingBox();
  const lineHeight = await follow.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight) || 20);
  expect(box.height).toBeLessThan(lineHeight * 1.8);

  await openTab(page, project, '');
  const edit = page.locator('.overview > button').first();
  const below = page.locator('.overview > button + *').first();
  const [a, b] = [await edit.boundingBox(), await below.boundingBox()];
  expect(b.y - (a.y + a.height)).toBeGreaterThanOrEqual(8);
});

test('Mono2Micro partitions are read from class,cluster CSV rows too', async ({ page }) => {
  await signUp(page, 'Yuna');
  await page.goto('/');
  await waitForHydration(page);
  await page.getByTestId('show-import').click();
  await page.getByTestId('import-format').selectOption('mono2micro');
  await page.getByTestId('import-name').fill('AcmeAir (FoSCI)');
  await page.getByTestId('import-first').fill(JSON.stringify({
    'Root--BookingService': 4, 'BookingService--FlightService': 3, 'FlightService--FlightRepo': 2,
    'BookingService--CustomerService': 1, 'CustomerService--CustomerRepo': 2,
  }));
  await page.getByTestId('import-third').fill(
    'class,cluster\nBookingService,0\nFlightService,1\nFlightRepo,1\nCustomerService,2\nCustomerRepo,2\n');
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('import-ready')).toContainText('6 modules');
  await page.getByTestId('import-confirm').click();
  await page.waitForURL(/\/p\/[0-9a-f]{32}$/);
  await openTab(page, page.url(), 'splits');
  await expect(page.getByTestId('split-row')).toHaveCount(1);
  await expect(page.getByTestId('split-row')).toContainText('3');
});

test('Korean words are not broken inside tables, in the app and in the report', async ({ page }) => {
  await page.context().addCookies([{ name: 'seams_lang', value: 'ko', url: test.info().project.use.baseURL }]);
  await signUp(page, 'Lee');
  const project = await createDemo(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const tab of ['model', 'splits', 'compare', 'readiness']) {
    await openTab(page, project, tab);
    expect(await brokenKoreanWords(page, 'main table, main .card'), tab).toEqual([]);
  }
  await openTab(page, project, 'report');
  await page.getByTestId('report-language').selectOption('ko');
  await expect(page.frameLocator('[data-testid="report-preview"]').locator('html[lang="ko"] h1')).toHaveCount(1);
  // The first report is loaded by its address; a later one is written into the frame.
  const frame = page.getByTestId('report-preview');
  const html = (await frame.getAttribute('srcdoc'))
    ?? await (await page.request.get(await frame.getAttribute('src'))).text();
  expect(html).toContain('<html lang="ko"');
  const report = await page.context().newPage();
  await report.setViewportSize({ width: 1280, height: 800 });
  await report.setContent(html);
  expect(await brokenKoreanWords(report, 'table')).toEqual([]);
  await report.close();
});
