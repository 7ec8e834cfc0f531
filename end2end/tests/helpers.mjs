// Steps a workshop participant takes, shared by the browser tests.
import { expect, waitForHydration } from './fixtures.mjs';

let counter = 0;

/** Signs up a new account and lands on the project list. */
export async function signUp(page, name = 'Tester') {
  counter += 1;
  const email = `${name.toLowerCase().replace(/\W/g, '')}-${Date.now()}-${counter}@example.com`;
  await page.goto('/signup');
  await waitForHydration(page);
  await page.getByTestId('email').fill(email);
  await page.getByTestId('name').fill(name);
  await page.getByTestId('password').fill('correct horse battery');
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('user-name')).toHaveText(name);
  return email;
}

/** Creates the demo project and returns its URL. */
export async function createDemo(page) {
  await page.goto('/');
  await waitForHydration(page);
  await page.getByTestId('create-demo').click();
  await page.waitForURL(/\/p\/[0-9a-f]{32}$/);
  await expect(page.getByTestId('project-name')).toContainText('Fintech');
  return page.url();
}

/** Opens a project tab and waits for the app to be interactive. */
export async function openTab(page, projectUrl, tab) {
  await page.goto(tab ? `${projectUrl}/${tab}` : projectUrl);
  await waitForHydration(page);
}

/** In the split editor, selects `module`'s card and moves it to the first
 * other service as a draft move (not saved yet); returns that service's id. */
export async function draftMove(page, module) {
  const card = page.locator(`[data-testid="module-card"][data-module="${module}"]`);
  const home = await page.locator('[data-testid="service-column"]', { has: card }).getAttribute('data-service');
  const services = await page.getByTestId('service-column').evaluateAll((columns) => columns.map((c) => c.dataset.service));
  const target = services.find((s) => s && s !== home);
  await card.getByRole('checkbox').check();
  await page.getByTestId('move-target').selectOption(target);
  await page.getByTestId('move-selected').click();
  return target;
}

/** Waits until every edit has been saved. */
export async function saved(page) {
  await expect(page.getByTestId('save-state')).toHaveText(/All changes saved|저장됨/);
}

/** Creates an invite link to a project (its owner on `page`). */
export async function inviteLink(page, project) {
  await openTab(page, project, 'settings');
  await page.getByTestId('create-invite').click();
  return new URL(await page.getByTestId('invite-link').inputValue());
}

/** Opens an invite link in a browser of its own reaching the server at
 * `origin` and joins as a guest called `name`; returns that browser and page. */
export async function joinAsGuest(browser, origin, link, name) {
  const context = await browser.newContext({ baseURL: origin });
  const guest = await context.newPage();
  await guest.goto(link.pathname);
  await waitForHydration(guest);
  await guest.getByTestId('guest-name').fill(name);
  await guest.getByTestId('join').click();
  await guest.waitForURL(/\/p\/[0-9a-f]{32}$/);
  return { context, guest };
}
