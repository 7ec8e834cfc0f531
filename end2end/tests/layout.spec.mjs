// The layout check: on a 1280 × 800 and a 1440 × 900 screen, no control of the
// model table, the split editor or the compare page is clipped or out of reach.
// A control outside its box is fine only inside a container that scrolls and
// shows that it does (a scroll bar); the page itself never scrolls sideways.
import { test, expect } from './fixtures.mjs';
import { signUp, createDemo, openTab } from './helpers.mjs';

/** Every visible control in `main` that cannot be reached, with the reason. */
async function unreachableControls(page) {
  return page.evaluate(() => {
    const problems = [];
    const page = document.documentElement;
    if (page.scrollWidth > window.innerWidth + 1) {
      problems.push(`the page scrolls sideways (${page.scrollWidth} px in ${window.innerWidth} px)`);
    }
    const controls = document.querySelectorAll('main button, main a[href], main input, main select, main textarea, main summary');
    for (const control of controls) {
      const box = control.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(control).visibility === 'hidden') continue;
      const name = `${control.tagName.toLowerCase()} "${(control.textContent || control.getAttribute('aria-label') || control.value || '').trim().slice(0, 30)}"`;
      for (let parent = control.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const frame = parent.getBoundingClientRect();
        const outside = box.left < frame.left - 1 || box.right > frame.right + 1
          || box.top < frame.top - 1 || box.bottom > frame.bottom + 1;
        if (!outside) continue;
        const scrolls = ['auto', 'scroll'].includes(style.overflowX) || ['auto', 'scroll'].includes(style.overflowY);
        // Shown by a scroll bar that takes room, or by scroll shadows (the
        // test browser hides scroll bars, as overlay scroll bars do).
        const bar = parent.offsetHeight - parent.clientHeight - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth) > 0
          || parent.offsetWidth - parent.clientWidth - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth) > 0
          || /gradient/.test(style.backgroundImage);
        if (!scrolls) problems.push(`${name} is clipped by ${parent.className || parent.tagName}`);
        else if (!bar) problems.push(`${name} is in ${parent.className || parent.tagName}, which scrolls without showing it`);
        break;
      }
      if (box.right > window.innerWidth + 1 && page.scrollWidth <= window.innerWidth + 1) {
        const inScroller = (() => {
          for (let p = control.parentElement; p && p !== document.body; p = p.parentElement) {
            const s = getComputedStyle(p);
            if (['auto', 'scroll'].includes(s.overflowX)) return true;
          }
          return false;
        })();
        if (!inScroller) problems.push(`${name} is right of the screen`);
      }
    }
    return [...new Set(problems)];
  });
}

for (const [width, height] of [[1280, 800], [1440, 900]]) {
  test(`nothing is clipped or out of reach at ${width} × ${height}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height });
    await signUp(page, 'Layout');
    const project = await createDemo(page);
    await openTab(page, project, 'model');
    expect(await unreachableControls(page), 'model').toEqual([]);
    // The edit and delete buttons of a module row are on the screen.
    const row = page.getByTestId('module-row').first();
    for (const button of [row.getByRole('button').first(), row.getByRole('button').last()]) {
      const box = await button.boundingBox();
      expect(box.x + box.width).toBeLessThanOrEqual(width);
    }

    await openTab(page, project, 'splits');
    await page.getByTestId('split-row').first().getByRole('link').click();
    await page.waitForURL(/\/splits\/.+/);
    await expect(page.getByTestId('service-column').first()).toBeVisible();
    expect(await unreachableControls(page), 'split editor').toEqual([]);

    await openTab(page, project, 'compare');
    await expect(page.getByTestId('compare-summary')).toBeVisible();
    expect(await unreachableControls(page), 'compare').toEqual([]);
    // The winner summary is at the top and the page stays a readable length.
    const summary = await page.getByTestId('compare-summary').boundingBox();
    expect(summary.y).toBeLessThan(height);
    const length = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(length).toBeLessThan(5 * height);
    // Chart labels are whole: the bars name each split in full, the graph each service.
    const splitNames = await page.getByTestId('compare-column').allTextContents();
    await page.locator('.charts').first().evaluate((e) => { e.closest('details').open = true; });
    const barLabels = await page.locator('.metric-bars').first().locator('.bar-label').allTextContents();
    expect(barLabels.map((l) => l.trim())).toEqual(splitNames.map((n) => n.trim()));
    const nodes = await page.locator('.service-node').evaluateAll((all) => all.map((g) => [
      [...g.querySelectorAll('tspan')].map((t) => t.textContent).join(''),
      g.querySelector('title').textContent,
    ]));
    expect(nodes.length).toBeGreaterThan(0);
    for (const [shown, title] of nodes) expect(title.startsWith(`${shown.trim()} (`), `${shown} / ${title}`).toBe(true);
  });
}
