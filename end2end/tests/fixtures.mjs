// A `test` whose page fails the test on any browser console error or uncaught
// exception, so hydration problems never pass silently.
import { test as base, expect } from '@playwright/test';

export const test = base.extend({
  page: async ({ page }, use) => {
    const problems = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await use(page);
    expect(problems, 'the browser reported errors').toEqual([]);
  },
});

export { expect };

/** Waits until the WebAssembly app has hydrated the server-rendered page. */
export async function waitForHydration(page) {
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true');
}
