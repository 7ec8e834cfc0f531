import { test, expect, waitForHydration } from './fixtures.mjs';

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
  const metrics = await (await request.get('/metrics')).text();
  expect(metrics).toContain('axum_http_requests_total');
  expect(metrics).toContain('axum_http_requests_duration_seconds');
});
