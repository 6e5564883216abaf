/**
 * The case runs the packs of its own language, whatever the browser's UI language: a Chinese
 * CRM page in an English browser runs the Chinese packs, an English CRM page in a Chinese
 * browser the English ones; the sidebar's own language stays the agent's (here the browser's).
 */
import { expect, test } from './fixtures.ts';
import { EnglishCrm, GREETING, SpaCrm } from './pages/crm.ts';
import { Console } from './pages/options.ts';

const ZH_BALANCE = '您尾号6688的储蓄卡当前余额为12,350.20元。';
const ZH_PROMISE = '这款产品保本保收益，您放心买。';
const EN_GREETING =
  'Good morning, thank you for calling XX Finance, this is agent 10086, how can I help you today?';
const EN_BALANCE = 'Your current balance is $12,350.20 on the savings account.';
const EN_PROMISE =
  "Don't worry, this fund guarantees you'll get 5% a year and you can't lose money.";

test.describe('a browser whose UI language is English, over a Chinese CRM page', () => {
  test.use({ browserLanguage: 'en-US' });

  test('the Chinese packs run: the greeting ticks, an early balance and a 保本 promise are caught', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    // The sidebar speaks the agent's language (the browser's, by default).
    await expect(sidebar.page.getByRole('button', { name: 'End case' })).toBeVisible();

    await crm.openCase('GD202611290415');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290415');
    await expect(sidebar.caseLanguage).toHaveAttribute('data-case-language', 'zh-CN');
    await expect(sidebar.caseLanguage).toHaveText('中文');

    await crm.agentSays(GREETING);
    await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');

    await crm.agentSays(ZH_BALANCE);
    await expect(sidebar.alert('missing_identity_check')).toBeVisible();

    await crm.draft(ZH_PROMISE);
    const promise = sidebar.alert('unauthorised_promise');
    await expect(promise).toBeVisible({ timeout: 2_000 });
    await expect(promise).toContainText('承诺保本或保收益');
    await expect(sidebar.caseLanguage).toHaveAttribute('data-bilingual', 'false');
  });

  test('a legacy page with no lang and a GBK frame runs the Chinese packs too', async ({
    openCrm,
  }) => {
    const { sidebar } = await openCrm('/crm/legacy/index.html');
    await expect(sidebar.caseLanguage).toHaveAttribute('data-case-language', 'zh-CN');
  });
});

test.describe('a browser whose UI language is Chinese, over an English CRM page', () => {
  test.use({ browserLanguage: 'zh-CN' });

  test('the English packs run: the greeting ticks, an early balance and a guarantee are caught', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/english/index.html');
    const crm = new EnglishCrm(page);
    await expect(sidebar.page.getByRole('button', { name: '结束案件' })).toBeVisible();
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'SR-2026-11-0871');
    await expect(sidebar.caseLanguage).toHaveAttribute('data-case-language', 'en');
    await expect(sidebar.caseLanguage).toHaveText('EN');

    await crm.agentSays(EN_GREETING);
    await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');

    await crm.agentSays(EN_BALANCE);
    await expect(sidebar.alert('missing_identity_check')).toBeVisible();

    await crm.draft(EN_PROMISE);
    const promise = sidebar.alert('unauthorised_promise').or(sidebar.alert('misleading_claim'));
    await expect(promise.first()).toBeVisible({ timeout: 2_000 });
  });

  test('a customer who switches to Chinese mid-case: both packs run, the checklist is kept', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/english/index.html');
    const crm = new EnglishCrm(page);
    await crm.agentSays(EN_GREETING);
    await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');
    await crm.customerSays('不好意思，我的英文不太好，可以用中文沟通吗？');
    await expect(sidebar.caseLanguage).toHaveAttribute('data-bilingual', 'true');
    await expect(sidebar.caseLanguage).toHaveText('中英');
    await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');
    await crm.draft(ZH_PROMISE);
    await expect(sidebar.alert('unauthorised_promise')).toBeVisible({ timeout: 2_000 });
  });
});

test.describe('the pack language setting', () => {
  test.use({ browserLanguage: 'en-US' });

  test('"both" in the console runs both packs on a Chinese page: an English greeting ticks too', async ({
    context,
    extensionId,
    openCrm,
  }) => {
    const con = new Console(await context.newPage());
    await con.open(extensionId, 'settings');
    await expect(con.page.locator('select[name="language"]')).toHaveValue('auto');
    await con.chooseSetting('packLanguage', 'both');
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await crm.openCase('GD202611290415');
    await expect(sidebar.caseLanguage).toHaveAttribute('data-bilingual', 'true');
    await expect(sidebar.caseLanguage).toHaveText('中英');
    await crm.agentSays(EN_GREETING);
    await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');
    // The UI language is a setting of its own, untouched.
    await expect(sidebar.page.getByRole('button', { name: 'End case' })).toBeVisible();
  });
});
