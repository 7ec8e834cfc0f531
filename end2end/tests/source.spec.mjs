// A monolith brought in from its source code (issue 23): a user uploads an
// archive of a small real application (django-todo 2.7.0, kept in
// scan/tests/fixtures), watches it being read, checks the preview's tables and
// entry points, creates the project, suggests a split, and the compare page
// advises on a table that several services now write: advice that only the
// scanned data access can give. And a visitor opens the demo read-only.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test, expect, waitForHydration } from './fixtures.mjs';
import { signUp, openTab, saved } from './helpers.mjs';

const FIXTURES = new URL('../../scan/tests/fixtures/', import.meta.url).pathname;

/** The fixture as a user would pack it: a .tar.gz of the application's folder. */
function archive(folder) {
  const out = test.info().outputPath(`${folder}.tar.gz`);
  execFileSync('tar', ['czf', out, '-C', FIXTURES, folder]);
  return { name: `${folder}.tar.gz`, mimeType: 'application/gzip', buffer: readFileSync(out) };
}

// The refused upload below is answered 422, which the browser logs.
test.use({ expectedConsoleErrors: [/status of 422/] });

test('an uploaded application becomes a project whose split is advised on its shared tables', async ({ page }) => {
  await signUp(page, 'Yuna');
  await page.getByTestId('new-from-source').click();
  await page.waitForURL(/\/new\/source$/);
  await waitForHydration(page);

  // Something that is not an archive is refused next to the upload, in words.
  await page.getByTestId('source-archive').setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('just text') });
  await page.getByTestId('source-scan').click();
  await expect(page.getByTestId('source-error')).toContainText('not a .zip, .tar.gz or .tar archive');

  await page.getByTestId('source-archive').setInputFiles(archive('django-todo'));
  await expect(page.getByTestId('source-name')).toHaveValue('django-todo');
  await page.getByTestId('source-scan').click();
  await expect(page.getByTestId('scan-preview')).toBeVisible();
  await expect(page.getByTestId('source-error')).toHaveCount(0);

  // The preview: tables with who writes them, routes with their views.
  const task = page.locator('[data-testid="scan-tables"] tr[data-table="todo_task"]');
  await expect(task.locator('td').nth(1)).toContainText('todo.views.reorder_tasks');
  await expect(task.locator('td').nth(2)).toContainText('todo.views.search');
  await expect(page.getByTestId('scan-routes')).toContainText('/toggle_done/<int:task_id> → todo.views.toggle_done');
  await expect(page.getByTestId('scan-skipped')).toContainText('database migrations');
  // Nothing is saved before the user says so.
  await page.goto('/');
  await waitForHydration(page);
  await expect(page.getByTestId('no-projects')).toBeVisible();

  await page.goto('/new/source');
  await waitForHydration(page);
  await page.getByTestId('source-archive').setInputFiles(archive('django-todo'));
  await page.getByTestId('source-scan').click();
  await page.getByTestId('source-create').click();
  await page.waitForURL(/\/p\/[0-9a-f]{32}$/);
  await expect(page.getByTestId('project-name')).toHaveText('django-todo');
  const project = page.url();

  await openTab(page, project, 'splits');
  await page.getByTestId('suggest-count').fill('4');
  await page.getByTestId('suggest').click();
  await page.waitForURL(/\/splits\/split-/);
  await saved(page);

  await openTab(page, project, 'compare');
  await expect(page.getByTestId('advice').first()).toContainText(/Table todo_task is written by \d+ services/);
});

test('a visitor opens the demo workshop read-only, without an account', async ({ page }) => {
  await page.goto('/');
  await waitForHydration(page);
  const pictures = page.locator('.showcase img');
  await expect(pictures).toHaveCount(2);
  for (const picture of await pictures.all()) {
    await picture.scrollIntoViewIfNeeded();
    await expect.poll(() => picture.evaluate((img) => img.complete && img.naturalWidth)).toBe(1280);
  }
  await page.getByTestId('open-demo').click();
  await page.waitForURL(/\/p\/demo$/);
  await expect(page.getByTestId('project-name')).toContainText('Fintech');
  await expect(page.getByTestId('demo-note')).toBeVisible();
  const demo = `${new URL(page.url()).origin}/p/demo`;
  await openTab(page, demo, 'compare');
  await expect(page.getByTestId('split-detail')).toHaveCount(2);
  // The checklist shows everyone's answers but takes none from a visitor.
  await openTab(page, demo, 'readiness');
  await expect(page.getByTestId('question').first().locator('input[type="radio"]').first()).toBeDisabled();
  // A copy of their own is theirs to change.
  await page.getByTestId('demo-copy').click();
  await page.waitForURL(/\/p\/[0-9a-f]{32}$/);
  await expect(page.getByTestId('read-only')).toHaveCount(0);
  await expect(page.getByTestId('demo-note')).toHaveCount(0);
});
