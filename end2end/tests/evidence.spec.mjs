// Layering evidence into a project (issue 14): a user uploads a git log to the
// demo project, sees what it would change before anything is saved, applies
// it, and sees co-change and ownership on the compare page.
import { test, expect } from './fixtures.mjs';
import { signUp, createDemo, openTab } from './helpers.mjs';

/** A git log in code-maat's format: `count` commits by `author`, each
 * changing the same files. */
function commits(count, author, files, from = 1) {
  const out = [];
  for (let i = 0; i < count; i += 1) {
    const day = String(from + i).padStart(2, '0');
    out.push(`--${(0xabc000 + from + i).toString(16)}--2024-03-${day}--${author}`);
    for (const file of files) out.push(`10\t2\t${file}`);
    out.push('');
  }
  return out.join('\n');
}

/** An OTLP JSON export of a monolith instrumented with internal spans (one
 * document per line, as the collector's file exporter writes): each request
 * runs TransferController → TransferService → FeeCalculator; one fee
 * calculation failed. */
function otlpExport(requests) {
  const lines = [];
  for (let t = 0; t < requests; t += 1) {
    const trace = (0xfeed0000 + t).toString(16).padStart(32, '0');
    const span = (id, parent, namespace, kind, millis, failed) => ({
      traceId: trace,
      spanId: `${t}${id}`.padStart(16, '0'),
      ...(parent ? { parentSpanId: `${t}${parent}`.padStart(16, '0') } : {}),
      name: namespace.split('.').pop(),
      kind,
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: String(1700000000000000000n + BigInt(millis * 1000000)),
      attributes: [{ key: 'code.namespace', value: { stringValue: namespace } }],
      ...(failed ? { status: { code: 2 } } : {}),
    });
    lines.push(JSON.stringify({
      resourceSpans: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'fintech-monolith' } }] },
        scopeSpans: [{ spans: [
          span(1, null, 'remit.TransferController', 2, 40),
          span(2, 1, 'remit.TransferService', 1, 30 + t),
          span(3, 2, 'fee.FeeCalculator', 1, 10 + t, t === 0),
        ] }],
      }],
    }));
  }
  return lines.join('\n');
}

const TRANSFER = 'src/main/java/remit/TransferService.java';
const FEES = 'src/main/java/fee/FeeCalculator.java';
const GHOST = 'src/main/java/legacy/Unmapped.java';

test('a git log layered into the demo shows co-change and ownership on the compare page', async ({ page }) => {
  await signUp(page, 'Mina');
  const project = await createDemo(page);
  await openTab(page, project, 'model');
  await page.getByTestId('open-evidence').click();
  const panel = page.getByTestId('layer-panel');
  await expect(panel).toBeVisible();

  // Transfers and fees change together (6 shared of 6 and 8 commits: 85 %);
  // a file of no module is named.
  const log = commits(6, 'Ari', [TRANSFER, FEES]) + '\n' + commits(2, 'Bora', [FEES, GHOST], 20);
  await page.getByTestId('layer-name').fill('shop history');
  await page.getByTestId('import-layer-file-file').setInputFiles({
    name: 'history.log',
    mimeType: 'text/plain',
    buffer: Buffer.from(log),
  });
  await expect(page.getByTestId('import-layer-file-chosen')).toContainText('history.log');
  await page.getByTestId('layer-teams').fill('author,team\nAri,payments-squad\nBora,ledger-squad\n');

  // A broken table is reported by line, and nothing is saved.
  await page.getByTestId('layer-rules').fill('src/main/java/legacy\n');
  await page.getByTestId('layer-preview').click();
  await expect(page.getByTestId('layer-problems')).toContainText('mapping rules:1');

  await page.getByTestId('layer-rules').fill('');
  await page.getByTestId('layer-preview').click();
  const diff = page.getByTestId('layer-diff');
  await expect(diff).toContainText('1 co-change pairs');
  await expect(diff).toContainText('Co-change pairs added: 1');
  await expect(page.getByTestId('layer-unmatched')).toContainText('legacy.Unmapped');
  // The demo's hand-made team tags stay: nothing to fill.
  await expect(diff).not.toContainText('Team tags set');
  await expect(page.getByTestId('layer-list')).toHaveCount(0);

  await page.getByTestId('layer-apply').click();
  await expect(page.getByTestId('layer-list')).toContainText('shop history');
  await expect(page.getByTestId('layer-list')).toContainText('1 co-change pairs');

  // Importing the same log again changes nothing.
  await page.getByTestId('import-layer-file-file').setInputFiles({
    name: 'history.log',
    mimeType: 'text/plain',
    buffer: Buffer.from(log),
  });
  await page.getByTestId('layer-preview').click();
  await expect(page.getByTestId('layer-diff')).toContainText('Replaces the earlier import');
  await expect(page.getByTestId('layer-diff-empty')).toBeVisible();

  // Traces of the running monolith, by class: measured calls on the model.
  await page.getByTestId('layer-format').selectOption('traces_operation');
  await page.getByTestId('layer-name').fill('production traces');
  await page.getByTestId('import-layer-file-file').setInputFiles({
    name: 'traces.jsonl',
    mimeType: 'application/json',
    buffer: Buffer.from(otlpExport(5)),
  });
  await page.getByTestId('layer-preview').click();
  const traceDiff = page.getByTestId('layer-diff');
  await expect(traceDiff).toContainText('remit.TransferService → fee.FeeCalculator');
  await expect(traceDiff).not.toContainText('Modules added');
  await page.getByTestId('layer-apply').click();
  await expect(page.getByTestId('layer-list')).toContainText('production traces');
  await page.locator('.measured-calls summary').click();
  const measured = page.getByTestId('measured-calls').locator('tr', { hasText: 'remit.TransferService → fee.FeeCalculator' });
  // five calls, one failed, the median of 10..14 ms
  await expect(measured.locator('td').nth(1)).toHaveText('5');
  await expect(measured.locator('td').nth(2)).toHaveText('1');
  await expect(measured.locator('td').nth(3)).toHaveText('12');

  await openTab(page, project, 'compare');
  const table = page.getByTestId('compare-table');
  const row = table.locator('tr', { hasText: 'Cross-service co-change' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('1');
  const evidence = page.getByTestId('history-evidence').first();
  await expect(evidence).toBeVisible();
  await expect(evidence.getByTestId('co-change-table')).toContainText('remit.TransferService ↔ fee.FeeCalculator');
  await expect(evidence.getByTestId('co-change-table')).toContainText('85%');
  await expect(evidence.getByTestId('ownership-list')).toContainText('payments-squad');
  await expect(page.getByTestId('advice').first()).toContainText('change together');
});
