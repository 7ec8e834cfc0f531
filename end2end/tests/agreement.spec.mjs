// Agreement with a reference split and refinement (issue 25) in the browser: a
// user imports the experts' split as RSF, makes it the reference on the compare
// page and reads MoJoFM and c2c for the other splits, refines the suggested
// split in the editor, reads why one move is proposed, accepts it, and the
// agreement changes.
import { test, expect, waitForHydration } from './fixtures.mjs';
import { signUp, createDemo, openTab, saved } from './helpers.mjs';

/** The experts' split of the demo monolith: one service per package. */
const EXPERTS = [
  'remit.TransferController', 'remit.TransferService', 'remit.TransferValidator', 'remit.ScheduledTransferJob',
  'remit.LimitPolicy', 'balance.HoldManager', 'balance.BalanceService', 'balance.BalanceRepository',
  'banking.BankGateway', 'banking.FirmBankingAdapter', 'banking.BankReconciliation', 'order.OrderController',
  'order.OrderService', 'order.PaymentService', 'order.OrderHistoryQuery', 'account.AccountController',
  'account.AccountService', 'account.AccountRepository', 'account.KycVerifier', 'customer.CustomerService',
  'customer.ProfileController', 'notify.NotificationService', 'notify.PushSender', 'notify.SmsSender',
  'auth.AuthService', 'auth.TokenVerifier', 'ledger.LedgerService', 'ledger.JournalWriter', 'fee.FeeCalculator',
  'fee.FeePolicyAdmin', 'risk.FraudDetector', 'risk.RiskScoreService',
].map((module) => `contain ${module.split('.')[0]} ${module}`).join('\n');

// The bad file below is refused by the server (422), as it should be.
test.use({ expectedConsoleErrors: [/status of 422/] });

/** The agreement row of a split on the compare page. */
const row = (page, name) => page.locator(`[data-testid="agreement-row"][data-split="${name}"]`);

test('the experts split is the reference, the suggested split is refined and comes closer or moves away', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, 'Mina');
  const project = await createDemo(page);

  // A bad file is refused next to the form, naming the line.
  await openTab(page, project, 'splits');
  await page.getByTestId('import-partition').fill('contain remit\n');
  await page.getByTestId('import-split').click();
  await expect(page.getByTestId('import-split-form')).toContainText("partition:1: expected 'contain CLUSTER ELEMENT', found 2 fields");

  // The experts' split, as RSF.
  await page.getByTestId('import-partition').fill(EXPERTS);
  await page.getByTestId('partition-name').fill('Experts');
  await page.getByTestId('import-split').click();
  await page.waitForURL(/\/splits\/split-/);
  await expect(page.getByTestId('split-name')).toContainText('Experts');
  await expect(page.getByTestId('service-column')).toHaveCount(11);

  // A suggested split with six services.
  await openTab(page, project, 'splits');
  await page.getByTestId('suggest-count').fill('6');
  await page.getByTestId('suggest').click();
  await page.waitForURL(/\/splits\/split-/);
  await expect(page.getByTestId('split-name')).toContainText('Suggested (Leiden)');
  const editor = page.url();

  // The experts' split as the reference: every other split is measured against it.
  await openTab(page, project, 'compare');
  await page.getByTestId('reference-split').selectOption({ label: 'Experts' });
  await page.waitForURL(/reference=split-/);
  const suggested = row(page, 'Suggested (Leiden)');
  await expect(suggested.locator('[data-measure="mojofm"]')).toHaveText(/^\d+\.\d\d$/);
  await expect(suggested.locator('[data-measure="c2c_50"]')).toHaveText(/^\d+\.\d\d$/);
  await expect(page.getByTestId('agreement-row')).toHaveCount(3);
  await expect(page.getByTestId('agreement-card')).toContainText('Wen & Tzerpos');
  const before = await suggested.textContent();
  const compareUrl = page.url();

  // Refine the suggested split: read why the first move is proposed, accept it.
  await page.goto(editor);
  await waitForHydration(page);
  await page.getByTestId('refine-open').click();
  await page.getByTestId('refine').click();
  await expect(page.getByTestId('refine-summary')).toContainText(/\d+ moves? proposed: ICP/);
  const first = page.getByTestId('proposed-move').first();
  await expect(first.getByTestId('move-reason')).toContainText(/stops? crossing|ICP/);
  const icp = await page.getByTestId('metric-icp').textContent();
  await first.getByTestId('accept-move').click();
  await expect(page.getByTestId('draft-bar')).toBeVisible();
  await expect(page.getByTestId('metric-icp')).not.toHaveText(icp);
  await page.getByTestId('save-moves').click();
  await saved(page);

  // The agreement with the experts changed.
  await page.goto(compareUrl);
  await waitForHydration(page);
  await expect(row(page, 'Suggested (Leiden)')).not.toHaveText(before);
});
