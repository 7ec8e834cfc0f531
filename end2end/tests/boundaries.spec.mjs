// Keeping the boundaries (issue 24) in the browser: on the report page a
// team forbids a dependency between two services and sees what in the model
// now crosses it, downloads the rule files each ecosystem's tool runs, and an
// imported layer of newer evidence shows how each split's boundaries drift.
import { test, expect } from './fixtures.mjs';
import { signUp, createDemo, openTab, saved } from './helpers.mjs';

/** One OTLP trace (the collector's file exporter, one document per line) in
 * which the SMS sender calls the fee calculator: a dependency the demo's
 * model does not have. */
function newCallTrace() {
  const trace = 'feed0000000000000000000000000001';
  const span = (id, parent, namespace, kind) => ({
    traceId: trace,
    spanId: id.padStart(16, '0'),
    ...(parent ? { parentSpanId: parent.padStart(16, '0') } : {}),
    name: namespace.split('.').pop(),
    kind,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000010000000',
    attributes: [{ key: 'code.namespace', value: { stringValue: namespace } }],
  });
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'fintech-monolith' } }] },
      scopeSpans: [{ spans: [span('1', null, 'notify.SmsSender', 1), span('2', '1', 'fee.FeeCalculator', 1)] }],
    }],
  });
}

test('a team forbids a dependency, downloads the rules and sees drift from new evidence', async ({ page }) => {
  await signUp(page, 'Hana');
  const project = await createDemo(page);
  await openTab(page, project, 'report');

  const card = page.getByTestId('boundaries');
  await page.getByTestId('boundaries-open').click();
  // The demo's capability split has cycles between services: those already cross.
  const crossing = card.getByTestId('boundary-violations');
  await expect(crossing).toContainText(/Dependencies that cross them in the model now: \d+/);
  await expect(card).not.toContainText('may not depend on');
  const unchecked = card.getByTestId('boundary-pairs').locator('tbody tr').filter({ has: page.locator('[data-testid="forbid"]:not(:checked)') }).first();
  const [from, to] = [await unchecked.getAttribute('data-from'), await unchecked.getAttribute('data-to')];
  const pair = card.locator(`tr[data-from="${from}"][data-to="${to}"]`);
  const [fromName, toName] = [await pair.locator('td').nth(0).textContent(), await pair.locator('td').nth(1).textContent()];
  await pair.getByTestId('forbid').check();
  await saved(page);
  // The pair's calls now cross a forbidden boundary, named in the list.
  await expect(card).toContainText(`${fromName} may not depend on ${toName}`);
  await expect(card.locator(`tr[data-from="${from}"][data-to="${to}"] [data-testid="forbid"]`)).toBeChecked();
  // It is an edit with history: it stays after a reload.
  await page.reload();
  await page.getByTestId('boundaries-open').click();
  await expect(page.locator(`[data-testid="boundaries"] tr[data-from="${from}"][data-to="${to}"] [data-testid="forbid"]`)).toBeChecked();

  // The rule files name the pair the team forbade.
  const [rules] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-depcruise').click()]);
  expect(rules.suggestedFilename()).toBe('dependency-cruiser.cjs');
  const text = await (await rules.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString());
  expect(text).toContain(`name: "seams-${from}-not-${to}"`);
  expect(text).toContain('circular: true');

  // Newer evidence: the preview says how each split's boundaries would drift.
  await openTab(page, project, 'model');
  await page.getByTestId('open-evidence').click();
  await page.getByTestId('layer-format').selectOption('traces_operation');
  await page.getByTestId('layer-name').fill('this week');
  await page.getByTestId('import-layer-file-file').setInputFiles({ name: 'traces.jsonl', mimeType: 'application/json', buffer: Buffer.from(newCallTrace()) });
  await page.getByTestId('layer-preview').click();
  await expect(page.getByTestId('layer-drift')).toContainText('new dependency between services: notify.SmsSender');
});
