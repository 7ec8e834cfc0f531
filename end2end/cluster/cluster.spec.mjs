// A workshop spread over three instances behind HAProxy (issue 26): two people
// in two browsers edit one split while their requests are spread round robin
// over the instances; one instance is killed (kill -9) and both keep working,
// their pages converge, and every saved move is there after a reload.
import { test, expect } from '../tests/fixtures.mjs';
import { signUp, createDemo, openTab, saved, inviteLink, joinAsGuest, draftMove } from '../tests/helpers.mjs';

const LIVE = { timeout: 5_000 };

/** Records which instances answered a page's requests, and which one holds
 * its live stream now. */
function instancesOf(page) {
  const seen = { all: new Set(), stream: null };
  page.on('response', (response) => {
    const instance = response.headers()['x-seams-instance'];
    if (!instance) return;
    seen.all.add(instance);
    if (/\/api\/projects\/[0-9a-f]+\/live/.test(response.url())) seen.stream = instance;
  });
  return seen;
}

/** Moves `module` to another service in the split editor and saves; returns that service. */
async function move(page, module) {
  const target = await draftMove(page, module);
  await page.getByTestId('save-moves').click();
  await saved(page);
  return target;
}

const placed = (page, module, service) => page.locator(`[data-service="${service}"] [data-module="${module}"]`);

// The stream that was on the killed instance is cut: Chromium may log the
// failed request before the page reconnects through the proxy.
test.use({ expectedConsoleErrors: [/ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_EMPTY_RESPONSE|status of 502/] });

test('two browsers on different instances converge, and keep working when one instance is killed', async ({ page, browser, baseURL }) => {
  const ariInstances = instancesOf(page);
  await signUp(page, 'Ari');
  const project = new URL(await createDemo(page)).pathname;
  const link = await inviteLink(page, project);
  const { context, guest: bora } = await joinAsGuest(browser, baseURL, link, 'Bora');
  const boraInstances = instancesOf(bora);

  await openTab(page, project, 'splits');
  await page.getByTestId('split-row').first().getByRole('link').click();
  await page.waitForURL(/\/splits\/.+/);
  const editor = new URL(page.url()).pathname;
  await openTab(bora, editor, '');
  await expect(page.getByTestId('people-here')).toContainText('Bora', LIVE);
  await expect(bora.getByTestId('people-here')).toContainText('Ari', LIVE);
  const modules = await page.getByTestId('module-card').evaluateAll((cards) => cards.map((c) => c.dataset.module));

  // Before the fault: each one's move reaches the other.
  const first = await move(page, modules[0]);
  await expect(placed(bora, modules[0], first)).toBeVisible(LIVE);
  const second = await move(bora, modules[1]);
  await expect(placed(page, modules[1], second)).toBeVisible(LIVE);
  // Round robin without sticky sessions: each browser was answered by several
  // instances, so the two pages were served by different ones.
  expect(ariInstances.all.size, `Ari was answered by ${[...ariInstances.all]}`).toBeGreaterThan(1);
  expect(boraInstances.all.size, `Bora was answered by ${[...boraInstances.all]}`).toBeGreaterThan(1);

  // The instance that holds Ari's live stream dies without a goodbye
  // (HAProxy names the instances seams1-3, in the order of their pids).
  expect(ariInstances.stream).toMatch(/^seams[123]$/);
  const pids = process.env.SEAMS_CLUSTER_PIDS.split(',').map(Number);
  process.kill(pids[Number(ariInstances.stream.slice(-1)) - 1], 'SIGKILL');
  const killed = ariInstances.stream;

  // Both keep working through the proxy: moves are saved and seen live.
  const third = await move(bora, modules[2]);
  await expect(placed(page, modules[2], third)).toBeVisible(LIVE);
  const fourth = await move(page, modules[3]);
  await expect(placed(bora, modules[3], fourth)).toBeVisible(LIVE);
  const fifth = await move(page, modules[0]);
  await expect(placed(bora, modules[0], fifth)).toBeVisible(LIVE);

  // Ari's page reconnected its stream to a living instance.
  expect(ariInstances.stream).not.toBe(killed);

  // Both pages agree, and so does the database after a reload.
  await expect(bora.getByTestId('metric-icp')).toHaveText(await page.getByTestId('metric-icp').textContent());
  for (const p of [page, bora]) {
    await openTab(p, editor, '');
    await expect(placed(p, modules[0], fifth)).toBeVisible();
    await expect(placed(p, modules[1], second)).toBeVisible();
    await expect(placed(p, modules[2], third)).toBeVisible();
    await expect(placed(p, modules[3], fourth)).toBeVisible();
  }
  await context.close();
});
