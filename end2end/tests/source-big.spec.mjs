// The browser upload of a large real archive (`make bench`): the JDK's own
// src.zip (about 50 MB, 15,000 files, 3 million lines of Java) goes up with a
// progress bar, the server's parsing shows file by file, and it ends in a
// preview. Set SEAMS_SCAN_ARCHIVE to the archive to run it.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { test, expect, waitForHydration } from './fixtures.mjs';
import { signUp } from './helpers.mjs';

const ARCHIVE = process.env.SEAMS_SCAN_ARCHIVE;

test('a 50 MB archive uploads with progress and ends in a preview', async ({ page }) => {
  test.skip(!ARCHIVE, 'set SEAMS_SCAN_ARCHIVE to a large source archive');
  test.setTimeout(600_000);
  await signUp(page, 'Big');
  await page.goto('/new/source');
  await waitForHydration(page);
  const buffer = readFileSync(ARCHIVE);
  await page.getByTestId('source-archive').setInputFiles({ name: basename(ARCHIVE), mimeType: 'application/zip', buffer });
  const started = Date.now();
  await page.getByTestId('source-scan').click();
  // Watch the progress line until the preview shows.
  const seen = [];
  const preview = page.getByTestId('scan-preview');
  while (!(await preview.isVisible())) {
    const line = await page.getByTestId('source-progress').textContent({ timeout: 100 }).catch(() => null);
    if (line && seen[seen.length - 1] !== line) seen.push(line);
    await expect(page.getByTestId('source-error')).toHaveCount(0);
    await page.waitForTimeout(50);
    expect(Date.now() - started).toBeLessThan(540_000);
  }
  const seconds = (Date.now() - started) / 1000;
  const parsing = seen.filter((line) => /Parsing source files \d+ \/ \d+/.test(line));
  console.log(`${basename(ARCHIVE)} (${(buffer.length / 1048576).toFixed(1)} MiB): preview after ${seconds.toFixed(1)} s; progress seen: ${seen.length} lines, ${parsing.length} while parsing (first: ${seen[0]}; last: ${seen[seen.length - 1]})`);
  expect(parsing.length).toBeGreaterThan(1);
  await expect(page.getByTestId('scan-summary')).toContainText('modules');
});
