import { test, expect, waitForHydration } from './fixtures.mjs';
import { signUp, createDemo, openTab } from './helpers.mjs';

test('the shell renders on the server and hydrates', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('home-title')).toHaveText('Decide where to split your monolith, with numbers');
  await expect(page.locator('footer')).toContainText(/Seams v\d+\.\d+\.\d+/);
  await waitForHydration(page);

  // An interactive element changes the page: only a hydrated app can do this.
  await page.getByTestId('language-switch').click();
  await expect(page.getByTestId('home-title')).toHaveText('모놀리스를 어디서 나눌지, 숫자로 정하세요');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');

  // The choice is remembered.
  await page.reload();
  await expect(page.getByTestId('home-title')).toHaveText('모놀리스를 어디서 나눌지, 숫자로 정하세요');
  await waitForHydration(page);
  await page.getByTestId('language-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test.describe('a Korean browser', () => {
  test.use({ locale: 'ko-KR' });

  test('gets the Korean interface by default', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page.getByTestId('home-title')).toHaveText('모놀리스를 어디서 나눌지, 숫자로 정하세요');
    await waitForHydration(page);
  });
});

test.describe('an unknown page', () => {
  test.use({ expectedConsoleErrors: [/status of 404/] });

  test('answers 404 with the app frame', async ({ page }) => {
    const response = await page.goto('/no-such-page');
    expect(response.status()).toBe(404);
    await expect(page.locator('h1')).toHaveText('Page not found');
    await waitForHydration(page);
  });
});

test('probes and metrics answer', async ({ request }) => {
  expect((await request.get('/healthz')).status()).toBe(200);
  expect((await request.get('/readyz')).status()).toBe(200);
  expect((await request.get('/metrics')).status()).toBe(404);
  const scraped = await request.get('/metrics', { headers: { authorization: 'Bearer e2e-metrics' } });
  expect(scraped.status()).toBe(200);
  const metrics = await scraped.text();
  expect(metrics).toContain('axum_http_requests_total');
  expect(metrics).toContain('axum_http_requests_duration_seconds');
});

test('the bundle is at most 1 MB on the wire, compressed and cached for good', async ({ page, request }) => {
  await page.goto('/');
  const wasm = await page.locator('link[rel="preload"][as="fetch"]').getAttribute('href');
  // The bundle's parts live in a folder named by the hash of them all.
  expect(wasm).toMatch(/^\/pkg\/[0-9a-f]{16}\/seams\.wasm$/);
  for (const [encoding, expected] of [['br', 'br'], ['gzip', 'gzip']]) {
    const response = await request.get(wasm, { headers: { 'accept-encoding': encoding } });
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers['content-encoding']).toBe(expected);
    expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const bytes = Number(headers['content-length']);
    console.log(`the bundle on the wire with ${encoding}: ${(bytes / 1024).toFixed(0)} KiB`);
    if (encoding === 'br') expect(bytes).toBeLessThanOrEqual(1024 * 1024);
  }
});

test('the Roadmap page is a chunk of its own: fetched when that page opens, not before', async ({ page }) => {
  const chunks = [];
  page.on('request', (request) => {
    if (/\/pkg\/[0-9a-f]{16}\/split_[^/]*\.wasm$/.test(request.url())) chunks.push(request.url());
  });
  await signUp(page, 'Chunky');
  const project = await createDemo(page);
  await openTab(page, project, 'model');
  expect(chunks, 'no chunk for the other pages').toEqual([]);
  await page.getByTestId('tab-roadmap').click();
  await expect(page.getByTestId('roadmap-step').first()).toBeVisible();
  expect(chunks.length).toBe(1);
  expect(chunks[0]).toContain('roadmap');
  const response = await page.request.get(chunks[0], { headers: { 'accept-encoding': 'br' } });
  expect(response.headers()['content-encoding']).toBe('br');
  expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  console.log(`the Roadmap chunk on the wire with br: ${(Number(response.headers()['content-length']) / 1024).toFixed(0)} KiB`);
});

test('signing in never leads to another site, whatever the link says', async ({ page, baseURL }) => {
  const email = await signUp(page, 'Redirect');
  await page.context().clearCookies();
  for (const next of ['/\\evil.example/x', '//evil.example', '/p/x/../../evil']) {
    await page.goto(`/signin?next=${encodeURIComponent(next)}`);
    await waitForHydration(page);
    await page.getByTestId('email').fill(email);
    await page.getByTestId('password').fill('correct horse battery');
    await page.getByTestId('submit').click();
    await expect(page.getByTestId('user-name')).toHaveText('Redirect');
    const landed = new URL(page.url());
    expect(landed.origin).toBe(new URL(baseURL).origin);
    expect(landed.pathname).toBe('/');
    await page.context().clearCookies();
  }
});
