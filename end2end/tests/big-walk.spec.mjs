// A real-size monolith, walked page by page as a user would: a project of
// SEAMS_SCALE_MODULES modules (10,000 by default) and six calls each, imported
// from CSV, split by capability and by Leiden, then every page opened cold.
// For each page it prints the time to interactive, the HTML's size and the bytes
// on the wire. `make test` prints the figures; `make bench` runs it at 10,000
// and 50,000 modules and checks them against targets (SEAMS_SCALE_TARGET_MS;
// the report with its preview within 1 s at both sizes).
import { test, expect, waitForHydration } from './fixtures.mjs';
import { signUp, saved, draftMove } from './helpers.mjs';

const MODULES = Number(process.env.SEAMS_SCALE_MODULES ?? 10_000);
const CALLS_PER_MODULE = 6;
const TARGET_MS = process.env.SEAMS_SCALE_TARGET_MS ? Number(process.env.SEAMS_SCALE_TARGET_MS) : null;
const CAPABILITIES = 40;

/** Seeded modules in packages `c<k>.p<j>` with calls mostly inside a capability. */
function monolith(n) {
  let seed = 11;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const id = (i) => `c${i % CAPABILITIES}.p${i % 200}.M${i}`;
  const modules = ['id,name,capability,subdomain,team,size'];
  for (let i = 0; i < n; i++) {
    modules.push(`${id(i)},Module ${i},cap${i % CAPABILITIES},sub${i % 50},team${i % 25},${1 + (i % 9)}`);
  }
  const calls = ['caller,callee,volume'];
  const seen = new Set();
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < CALLS_PER_MODULE; k++) {
      const j = random() < 0.8
        ? (i + CAPABILITIES * (1 + Math.floor(random() * 50))) % n
        : Math.floor(random() * n);
      const key = i * n + j;
      if (j === i || seen.has(key)) continue;
      seen.add(key);
      calls.push(`${id(i)},${id(j)},${1 + Math.floor(random() * 900)}`);
    }
  }
  return { modules: modules.join('\n'), calls: calls.join('\n'), count: calls.length - 1, id };
}

/** Bytes received over the network (compressed sizes) while `action` runs. */
async function onTheWire(page, action) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; });
  const result = await action(cdp);
  await page.waitForTimeout(250);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  await cdp.detach();
  return { result, bytes };
}

const figures = [];

/** Opens a page and waits until `ready` holds; records the figures. With
 * `cold`, the browser's cache is off (a participant's very first visit). */
async function visit(page, name, url, ready, cold = false) {
  const { result, bytes } = await onTheWire(page, async (cdp) => {
    if (cold) await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const started = Date.now();
    const response = await page.goto(url);
    const html = (await response.body()).length;
    await waitForHydration(page);
    await ready();
    return { html, ms: Date.now() - started };
  });
  const row = { page: name, interactive_ms: result.ms, html_bytes: result.html, wire_bytes: bytes };
  figures.push(row);
  console.log(`scale ${MODULES}: ${name.padEnd(12)} interactive ${String(result.ms).padStart(6)} ms, HTML ${kb(result.html)}, on the wire ${kb(bytes)}`);
  return row;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1).padStart(8)} KiB`;

test(`a ${MODULES}-module monolith: every page, a search, a move and the rolled-up graph`, async ({ page }) => {
  test.setTimeout(Math.max(300_000, MODULES * 40));
  await signUp(page, 'Scale');
  const { modules, calls, count, id } = monolith(MODULES);

  // Import it as a user does: choose both CSV files, preview, create.
  await page.goto('/');
  await waitForHydration(page);
  await page.getByTestId('show-import').click();
  await page.getByTestId('import-name').fill(`Monolith ${MODULES}`);
  const file = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByTestId('import-first-file').setInputFiles(file('calls.csv', calls));
  await expect(page.getByTestId('import-first-chosen')).toContainText('calls.csv');
  await page.getByTestId('import-second-file').setInputFiles(file('modules.csv', modules));
  await expect(page.getByTestId('import-second-chosen')).toContainText('modules.csv');
  const importStarted = Date.now();
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('import-ready')).toContainText(`${MODULES} modules`, { timeout: 120_000 });
  await page.getByTestId('import-confirm').click();
  await page.waitForURL(/\/p\/[0-9a-f]{32}$/, { timeout: 120_000 });
  console.log(`scale ${MODULES}: imported ${MODULES} modules and ${count} calls in ${Date.now() - importStarted} ms (preview, create, first page)`);
  const project = page.url();

  // Two splits to compare: by capability and suggested by Leiden.
  await page.goto(`${project}/splits`);
  await waitForHydration(page);
  await page.getByTestId('split-by-capability').click();
  await page.waitForURL(/\/splits\/split-/, { timeout: 120_000 });
  const capabilitySplit = page.url();
  await page.goto(`${project}/splits`);
  await waitForHydration(page);
  await page.getByTestId('suggest').click();
  await page.waitForURL(/\/splits\/split-/, { timeout: 120_000 });
  const suggestedSplit = page.url();

  // The first visit downloads the bundle; later pages take it from the cache.
  await visit(page, 'first visit', project, async () => {
    await expect(page.getByTestId('model-summary')).toContainText(String(MODULES));
  }, true);
  await visit(page, 'overview', project, async () => {
    await expect(page.getByTestId('model-summary')).toContainText(String(MODULES));
  });

  await visit(page, 'model', `${project}/model`, async () => {
    await expect(page.getByTestId('module-row')).toHaveCount(100);
  });
  // A search finds one module among all of them.
  const wanted = id(Math.floor(MODULES * 0.73));
  await page.getByTestId('module-filter').fill(wanted);
  await expect(page.getByTestId('module-row')).toHaveCount(1);
  await expect(page.getByTestId('module-row')).toContainText(wanted);

  await visit(page, 'call graph', `${project}/model`, async () => {
    await page.getByTestId('show-graph').click();
    await expect(page.getByTestId('graph-group').first()).toBeVisible();
  });
  const groups = await page.getByTestId('graph-group').count();
  expect(groups).toBeGreaterThan(1);
  expect(groups).toBeLessThanOrEqual(150);
  await expect(page.getByTestId('graph-node')).toHaveCount(0);
  // Expand one group into its modules.
  await page.getByTestId('graph-group').first().click();
  await expect(page.getByTestId('graph-node').first()).toBeVisible();
  const expanded = await page.getByTestId('graph-node').count();
  expect(expanded).toBeGreaterThan(10);
  console.log(`scale ${MODULES}: call graph rolled up into ${groups} groups; one expanded into ${expanded} modules`);
  // Panning: frames per second while dragging the drawing.
  const fps = await page.getByTestId('call-graph').evaluate(async (svg) => {
    const box = svg.getBoundingClientRect();
    const at = (x) => ({ clientX: box.left + x, clientY: box.top + box.height / 2, bubbles: true, pointerId: 1 });
    svg.dispatchEvent(new PointerEvent('pointerdown', at(200)));
    const frames = 60;
    const start = performance.now();
    for (let i = 0; i < frames; i++) {
      svg.dispatchEvent(new PointerEvent('pointermove', at(200 + i * 4)));
      await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    }
    const seconds = (performance.now() - start) / 1000;
    svg.dispatchEvent(new PointerEvent('pointerup', at(440)));
    return frames / seconds;
  });
  console.log(`scale ${MODULES}: graph pan ${fps.toFixed(1)} frames/s`);
  figures.push({ page: 'graph pan', frames_per_second: fps });

  await visit(page, 'splits', `${project}/splits`, async () => {
    await expect(page.getByTestId('split-row')).toHaveCount(2);
  });

  await visit(page, 'split editor', capabilitySplit, async () => {
    // Every module has a capability: no column of unassigned modules.
    await expect(page.getByTestId('service-column')).toHaveCount(CAPABILITIES);
    await expect(page.getByTestId('module-card').first()).toBeVisible();
  });
  // Find a module, move it to another service: the metrics follow at once.
  const icp = page.getByTestId('metric-icp');
  const before = await icp.textContent();
  const mover = id(17);
  await page.getByTestId('card-filter').fill(mover);
  await expect(page.locator(`[data-testid="module-card"][data-module="${mover}"]`)).toHaveCount(1);
  const target = await draftMove(page, mover);
  // The change since the last save appears next to the value (one module of
  // 50,000 may move ICP by less than the three decimals shown).
  await expect(page.locator('[data-metric="icp"] td.delta')).not.toBeEmpty();
  if (MODULES <= 10000) await expect(icp).not.toHaveText(before);
  await expect(page.getByTestId('metrics-panel')).toHaveAttribute('data-last-rescore-ms', /^\d/);
  const rescore = Number(await page.getByTestId('metrics-panel').getAttribute('data-last-rescore-ms'));
  console.log(`scale ${MODULES}: a move re-scored in ${rescore.toFixed(2)} ms`);
  figures.push({ page: 'move', rescore_ms: rescore });
  await page.getByTestId('save-moves').click();
  await saved(page);
  // The capability split refined in the browser too: a split with much to improve.
  await page.getByTestId('refine-open').click();
  const capabilityStarted = Date.now();
  await page.getByTestId('refine').click();
  await expect(page.getByTestId('refine-summary')).toContainText(/ms\)|No move/, { timeout: 60_000 });
  const capabilityRefineMs = Date.now() - capabilityStarted;
  console.log(`scale ${MODULES}: the capability split refined in the browser in ${capabilityRefineMs} ms: ${await page.getByTestId('refine-summary').textContent()}`);
  figures.push({ page: 'refine capability split', refine_ms: capabilityRefineMs });

  // The suggested split refined in the browser: every proposed move, with its reason.
  await page.goto(suggestedSplit);
  await waitForHydration(page);
  await expect(page.getByTestId('metric-icp')).not.toBeEmpty({ timeout: 60_000 });
  await page.getByTestId('refine-open').click();
  const refineStarted = Date.now();
  await page.getByTestId('refine').click();
  await expect(page.getByTestId('refine-summary')).toContainText(/ms\)|No move/, { timeout: 60_000 });
  // From the click to the proposals on screen, as the user waits for them.
  const refineMs = Date.now() - refineStarted;
  const summary = await page.getByTestId('refine-summary').textContent();
  console.log(`scale ${MODULES}: the suggested split refined in the browser in ${refineMs} ms: ${summary}`);
  figures.push({ page: 'refine', refine_ms: refineMs });

  await visit(page, 'compare', `${project}/compare`, async () => {
    await expect(page.getByTestId('compare-column')).toHaveCount(2);
  });

  // The roadmap of the 40-service capability split, planned in the browser
  // (more than twenty services: the heuristic); a reorder re-scores every state.
  await visit(page, 'roadmap', capabilitySplit.replace('/splits/', '/roadmap/'), async () => {
    await expect(page.getByTestId('roadmap-total')).toBeVisible({ timeout: 60_000 });
  });
  const steps = await page.getByTestId('roadmap-step').count();
  await expect(page.getByTestId('roadmap-total')).toHaveAttribute('data-method', steps > 20 ? 'heuristic' : 'exact');
  const planMs = Number(await page.getByTestId('roadmap-total').getAttribute('data-plan-ms'));
  const firstScoreMs = Number(await page.getByTestId('roadmap-total').getAttribute('data-rescore-ms'));
  await page.getByTestId('roadmap-step').first().getByTestId('step-later').click();
  await expect(page.getByTestId('roadmap-total')).toHaveAttribute('data-method', 'given');
  const reorderMs = Number(await page.getByTestId('roadmap-total').getAttribute('data-rescore-ms'));
  await saved(page);
  console.log(`scale ${MODULES}: roadmap of ${steps} steps planned in ${planMs.toFixed(0)} ms, scored in ${firstScoreMs.toFixed(0)} ms; a reorder re-scored in ${reorderMs.toFixed(1)} ms`);
  figures.push({ page: 'roadmap', steps, plan_ms: planMs, score_ms: firstScoreMs, reorder_ms: reorderMs });

  await visit(page, 'readiness', `${project}/readiness`, async () => {
    await expect(page.getByTestId('question')).toHaveCount(10);
  });

  const report = await visit(page, 'report', `${project}/report`, async () => {
    // Looked at every 25 ms: expect's own retries, 100, 250, 500 and 1000 ms
    // apart, would add up to half a second to the figure this target is about.
    const preview = page.frameLocator('[data-testid="report-preview"]').locator('body');
    await expect(async () => {
      expect(await preview.textContent({ timeout: 1000 })).toContain('ICP');
    }).toPass({ intervals: [25], timeout: 60_000 });
  });

  console.log(`scale ${MODULES} figures: ${JSON.stringify(figures)}`);
  for (const row of figures.filter((r) => r.html_bytes !== undefined)) {
    // The pages carry what they show, never the whole project.
    expect(row.html_bytes, `${row.page} HTML`).toBeLessThan(300 * 1024);
  }
  if (TARGET_MS !== null) {
    for (const row of figures.filter((r) => r.interactive_ms !== undefined)) {
      expect(row.interactive_ms, `${row.page} interactive`).toBeLessThan(TARGET_MS);
    }
    expect(rescore, 'a move re-scored').toBeLessThan(16);
    // The roadmap: planned in under a second at 10,000 modules, a reorder
    // re-scored in under 100 ms; at 50,000 still usable (5 s, 500 ms).
    const large = MODULES > 10000;
    expect(planMs + firstScoreMs, 'roadmap planned').toBeLessThan(large ? 5000 : 1000);
    expect(reorderMs, 'a reorder re-scored').toBeLessThan(large ? 500 : 100);
    expect(fps, 'graph pan frames per second').toBeGreaterThanOrEqual(30);
    // The report (every split analysed, each split's roadmap planned, the
    // HTML written and previewed) within a second at both sizes, like the
    // other pages, not only within the page target.
    expect(report.interactive_ms, 'report with its preview').toBeLessThan(1000);
    // Refinement of the suggested split in the browser: 2 s at 10,000 modules.
    expect(refineMs, 'the suggested split refined').toBeLessThan(large ? 10000 : 2000);
  }
});
