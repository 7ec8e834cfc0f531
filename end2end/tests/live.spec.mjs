// A live workshop with two people in two browsers: changes appear at once with
// no reload, nothing being typed is lost, planning-poker votes, a cut
// connection that heals, the timer and "bring everyone here".
import { test, expect, waitForHydration } from './fixtures.mjs';
import { signUp, createDemo, openTab, saved, joinAsGuest, draftMove } from './helpers.mjs';
import { startRelay } from './proxy.mjs';

const LIVE = { timeout: 2_000 };

/** Ari owns a demo project; Bora joins it as a participant (what invite links
 * offer first) in her own browser, through a relay that can cut her network. */
async function workshop(page, browser) {
  await signUp(page, 'Ari');
  const project = await createDemo(page);
  await openTab(page, project, 'settings');
  await expect(page.getByTestId('invite-role')).toHaveValue('participant');
  await page.getByTestId('create-invite').click();
  const link = new URL(await page.getByTestId('invite-link').inputValue());
  const relay = await startRelay(link.port);
  const { context, guest: bora } = await joinAsGuest(browser, `http://127.0.0.1:${relay.port}`, link, 'Bora');
  return { project: new URL(project).pathname, context, bora, relay };
}

/** Marks the page so a reload would show (the mark would be gone). */
async function mark(page) {
  await page.evaluate(() => { window.seamsNoReload = true; });
}
async function notReloaded(page) {
  expect(await page.evaluate(() => window.seamsNoReload === true)).toBe(true);
}

const question = (page, id) => page.locator(`[data-testid="question"][data-question="${id}"]`);

test('two people see each other at once, vote together and converge after a cut', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const { project, context, bora, relay } = await workshop(page, browser);

  // Both in the split editor of the same split; each sees the other is here.
  await openTab(page, project, 'splits');
  await page.getByTestId('split-row').first().getByRole('link').click();
  await page.waitForURL(/\/splits\/.+/);
  await openTab(bora, new URL(page.url()).pathname, '');
  await expect(page.getByTestId('person')).toHaveCount(2);
  await expect(page.getByTestId('people-here')).toContainText('Bora');
  await expect(bora.getByTestId('people-here')).toContainText('Ari');
  await mark(bora);

  // Ari moves a module; Bora's editor and metrics follow within 2 s.
  const moved = 'notify.SmsSender';
  const icpBefore = await bora.getByTestId('metric-icp').textContent();
  const target = await draftMove(page, moved);
  await page.getByTestId('save-moves').click();
  await saved(page);
  const icpAfter = await page.getByTestId('metric-icp').textContent();
  expect(icpAfter).not.toBe(icpBefore);
  await expect(bora.locator(`[data-service="${target}"] [data-module="${moved}"]`)).toBeVisible(LIVE);
  await expect(bora.getByTestId('metric-icp')).toHaveText(icpAfter, LIVE);
  await notReloaded(bora);

  // On the checklist: Bora is typing a note when Ari answers; her text and focus stay.
  await openTab(page, project, 'readiness');
  await bora.getByTestId('tab-readiness').click();
  await expect(bora.getByTestId('question')).toHaveCount(10);
  await expect(page.getByTestId('person').filter({ hasText: 'Bora' })).toContainText('Readiness');
  const note = bora.getByTestId('note-n2');
  await note.click();
  await note.pressSequentially('still thinking');
  await page.getByTestId('answer-n1-yes').check();
  // My own answer carries my name at once, not my user id.
  await expect(question(page, 'n1').locator('.answers')).toHaveText('Ari: Yes');
  await saved(page);
  await expect(question(bora, 'n1').locator('.aggregate')).toContainText('yes 1', LIVE);
  await expect(note).toHaveValue('still thinking');
  await expect(note).toBeFocused();

  // Planning poker on n3: hidden votes, Ari reveals, both see the aggregate.
  await question(page, 'n3').getByTestId('vote-start').click();
  const boraRound = question(bora, 'n3').getByTestId('vote-round');
  await expect(boraRound).toBeVisible(LIVE);
  await boraRound.getByTestId('vote-no').click();
  const ariRound = question(page, 'n3').getByTestId('vote-round');
  await expect(ariRound.getByTestId('vote-progress')).toContainText('Bora', LIVE);
  await expect(ariRound.getByTestId('vote-results')).toHaveCount(0);
  await ariRound.getByTestId('vote-yes').click();
  await expect(boraRound.getByTestId('vote-progress')).toContainText('Ari', LIVE);
  await ariRound.getByTestId('vote-reveal').click();
  for (const round of [ariRound, boraRound]) {
    await expect(round.getByTestId('vote-results')).toContainText('Ari: Yes', LIVE);
    await expect(round.getByTestId('vote-results')).toContainText('Bora: No');
    await expect(round.getByTestId('vote-summary')).toContainText('score 50%');
    await expect(round.getByTestId('vote-summary')).toContainText('spread 100%');
  }
  // A second round, then the votes become the checklist answers.
  await ariRound.getByTestId('vote-again').click();
  await expect(boraRound).toContainText('round 2', LIVE);
  await boraRound.getByTestId('vote-partly').click();
  await ariRound.getByTestId('vote-partly').click();
  await ariRound.getByTestId('vote-reveal').click();
  await expect(boraRound.getByTestId('vote-summary')).toContainText('consensus', LIVE);
  await ariRound.getByTestId('vote-record').click();
  await expect(question(bora, 'n3').locator('.aggregate')).toContainText('partly 2', LIVE);
  await expect(boraRound).toHaveCount(0);
  await notReloaded(bora);

  // Bora's network is cut: she sees it, and her answer waits instead of being
  // lost; Ari changes things meanwhile.
  relay.cut();
  await expect(bora.getByTestId('offline-banner')).toBeVisible({ timeout: 10_000 });
  await bora.getByTestId('answer-f1-yes').check();
  await expect(bora.getByTestId('save-state')).toContainText('Waiting for the connection');
  await page.getByTestId('answer-n4-no').check();
  await saved(page);
  await page.getByTestId('answer-n5-partly').check();
  await saved(page);
  relay.restore();
  await expect(bora.getByTestId('offline-banner')).toBeHidden({ timeout: 10_000 });
  await saved(bora);
  await expect(question(bora, 'n4').locator('.aggregate')).toContainText('no 1', LIVE);
  await expect(question(bora, 'n5').locator('.aggregate')).toContainText('partly 1', LIVE);
  await expect(question(page, 'f1').locator('.aggregate')).toContainText('yes 1', LIVE);
  await expect(question(bora, 'f1').locator('.answers')).toContainText('Bora: Yes');
  // After the reconnect Ari still sees Bora on the page she is on now, not on the
  // split editor where she first opened the project.
  await expect(page.getByTestId('person').filter({ hasText: 'Bora' })).toBeVisible(LIVE);
  await page.waitForTimeout(1_000);
  await expect(page.getByTestId('person').filter({ hasText: 'Bora' })).toContainText('Readiness');
  await expect(bora.getByTestId('verdict')).toHaveText(await page.getByTestId('verdict').textContent());
  await notReloaded(bora);
  await context.close();
  relay.close();
});

test('the facilitator brings everyone along and runs the timer', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { project, context, bora, relay } = await workshop(page, browser);
  await openTab(page, project, '');
  await expect(page.getByTestId('person')).toHaveCount(2);

  await page.getByTestId('timer-minutes').fill('5');
  await page.getByTestId('timer-start').click();
  await expect(bora.getByTestId('timer')).toContainText(/0[45]:\d\d/, LIVE);

  await openTab(page, project, 'compare');
  await page.getByTestId('bring-everyone').click();
  await bora.waitForURL(/\/compare/, LIVE);
  await expect(bora.getByTestId('called-notice')).toContainText('Ari brought everyone to Compare');
  await expect(page.getByTestId('person').filter({ hasText: 'Bora' })).toContainText('Compare', LIVE);

  // Bora opts out: the next call only offers the page.
  await bora.getByTestId('follow-choice').uncheck();
  await openTab(page, project, 'readiness');
  await page.getByTestId('bring-everyone').click();
  await expect(bora.getByTestId('called-notice')).toContainText('Ari invites everyone to Readiness', LIVE);
  expect(bora.url()).toMatch(/\/compare/);

  // Which split do we prefer?
  await openTab(page, project, 'compare');
  await page.getByTestId('vote-start').click();
  await bora.getByTestId('vote-round').getByRole('button', { name: 'By subdomain' }).click();
  await page.getByTestId('vote-round').getByRole('button', { name: 'By subdomain' }).click();
  await page.getByTestId('vote-reveal').click();
  await expect(bora.getByTestId('vote-summary')).toContainText('preferred:', LIVE);
  await expect(bora.getByTestId('vote-summary')).toContainText('By subdomain');

  await page.getByTestId('timer-stop').click();
  await expect(bora.getByTestId('timer')).toHaveCount(0, LIVE);

  // Bora is a participant: she votes but does not run the room, until Ari makes
  // her a facilitator.
  await expect(bora.getByTestId('bring-everyone')).toHaveCount(0);
  await expect(bora.getByTestId('timer-start')).toHaveCount(0);
  await openTab(page, project, 'settings');
  const boraRow = page.getByTestId('members-table').getByRole('row').filter({ hasText: 'Bora' });
  await expect(boraRow.getByRole('combobox')).toHaveValue('participant');
  await boraRow.getByRole('combobox').selectOption('facilitator');
  await expect(boraRow.getByRole('combobox')).toHaveValue('facilitator');
  await bora.reload();
  await waitForHydration(bora);
  await expect(bora.getByTestId('bring-everyone')).toBeVisible();
  await expect(bora.getByTestId('timer-start')).toBeVisible();
  await context.close();
  relay.close();
});
