// Exports of a project whose names are hostile, read by the real parser of
// their format where it installs from the registries: the Mermaid flowchart
// a user downloads is parsed and drawn by mermaid (npm) in Chromium, with no
// script, handler or link coming out of a name. (DOT is read by Graphviz in
// engine/tests/hostile_exports.rs.)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test, expect, waitForHydration } from './fixtures.mjs';
import { signUp } from './helpers.mjs';

const require = createRequire(import.meta.url);
const bin = process.env.SEAMS_BIN ?? '../target/release/seams';

/** What a tester types into names. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '"quoted" `tick` #semi;',
  'end',
  'a --> b',
  'click A call alert(1)',
  '%%{init: {"securityLevel": "loose"}}%%',
  'style A fill:#f00',
  '}}{{ ]] [[ (( ))',
  '송금 | 처리\n둘째 줄',
  'back\\slash\\',
];

/** The demo with every module and service named and identified by hostile text. */
function hostileProject() {
  const path = test.info().outputPath('demo.json');
  execFileSync(bin, ['demo', '-o', path]);
  const project = JSON.parse(readFileSync(path, 'utf8'));
  project.name = 'Hostile names';
  project.modules.forEach((module, ix) => {
    module.id = `${HOSTILE[ix % HOSTILE.length]} ${ix}`;
    module.name = `${HOSTILE[(ix + 5) % HOSTILE.length]} ${ix}`;
  });
  project.splits.forEach((split, s) => {
    split.name = `${HOSTILE[s % HOSTILE.length]} split ${s}`;
    split.services.forEach((service, ix) => {
      service.id = `${HOSTILE[(ix + 3) % HOSTILE.length]} #${ix}`;
      service.name = `${HOSTILE[(ix + 7) % HOSTILE.length]} ${ix}`;
    });
  });
  return JSON.stringify(project);
}

test('the Mermaid export of hostile names is parsed and drawn by mermaid, inert', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signUp(page, 'Exporter');
  await page.goto('/');
  await waitForHydration(page);
  await page.getByTestId('show-import').click();
  await page.getByTestId('import-name').fill('Hostile names');
  await page.getByTestId('import-format').selectOption('json');
  await page.getByTestId('import-first-file').setInputFiles({
    name: 'hostile.json',
    mimeType: 'application/json',
    buffer: Buffer.from(hostileProject()),
  });
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('import-ready')).toBeVisible();
  await page.getByTestId('import-confirm').click();
  await page.waitForURL(/\/p\/[0-9a-f]{32}$/);

  await page.goto(`${page.url()}/report`);
  await waitForHydration(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-mermaid').click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text).toContain('flowchart');

  // A blank page with nothing but mermaid, as a reader's viewer has it.
  const reader = await browser.newPage();
  const dialogs = [];
  reader.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  await reader.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
  await reader.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
  const drawn = await reader.evaluate(async (source) => {
    const mermaid = globalThis.mermaid;
    mermaid.initialize({ startOnLoad: false });
    const parsed = await mermaid.parse(source);
    const { svg } = await mermaid.render('hostile', source);
    const out = document.getElementById('out');
    out.innerHTML = svg;
    const all = [...out.querySelectorAll('*')];
    return {
      parsed: parsed !== false,
      nodes: out.querySelectorAll('g.node').length,
      scripts: out.querySelectorAll('script').length,
      images: out.querySelectorAll('img').length,
      handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)),
      links: all.filter((el) => /javascript:/i.test(el.getAttribute('href') ?? el.getAttribute('xlink:href') ?? '')).length,
      text: out.textContent,
    };
  }, text);
  await new Promise((resolve) => setTimeout(resolve, 200));
  await reader.close();

  expect(drawn.parsed).toBe(true);
  expect(drawn.nodes).toBeGreaterThan(20);
  expect(drawn.scripts).toBe(0);
  expect(drawn.images).toBe(0);
  expect(drawn.handlers).toEqual([]);
  expect(drawn.links).toBe(0);
  expect(dialogs).toEqual([]);
  // The names are shown as the text they are.
  expect(drawn.text).toContain('<script>alert(1)</script>');
  expect(drawn.text).toContain('<img src=x onerror=alert(1)>');
});
