// A `test` whose page fails the test on any browser console error or uncaught
// exception, so hydration problems never pass silently. A test that expects a
// particular error (a 404 page, say) lists it in `expectedConsoleErrors`.
import { test as base, expect } from '@playwright/test';

export const test = base.extend({
  expectedConsoleErrors: [[], { option: true }],
  page: async ({ page, expectedConsoleErrors }, use) => {
    const problems = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (!expectedConsoleErrors.some((pattern) => pattern.test(text))) {
        problems.push(`console error: ${text} (${message.location().url})`);
      }
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
