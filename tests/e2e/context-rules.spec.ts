import { test, expect, snapshot } from './fixtures.ts';
import { EnglishCrm, SpaCrm } from './pages/crm.ts';

/**
 * Rules that depend on who the customer is, over the demo CRMs' risk, marketing and collections
 * fields: what the agent sees before a sentence goes out, and what cannot be checked.
 */
test.describe('suitability and conduct rules from the case context', () => {
  test('a C2 customer asking for an R4 product: recommending it is flagged, the recorded-sale step appears', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html');
    const crm = new SpaCrm(page);
    await crm.openCase('GD202611290433');
    await expect(sidebar.field('customerRiskLevel')).toHaveAttribute('data-value', 'C2');
    // The customer asked to buy a wealth product: the recorded-sale reminder is on the checklist.
    await expect(sidebar.step('dual_recording')).toHaveAttribute('aria-checked', 'false');

    await crm.draft('这款收益不错，挺适合您的，我帮您下单吧。');
    const alert = sidebar.alert('suitability');
    await expect(alert).toBeVisible({ timeout: 2_000 });
    await expect(alert).toContainText('银行保险机构消费者权益保护管理办法');
    await expect(alert).toContainText('第十一条');
    await snapshot(page, sidebar.page, 'context-suitability');

    // Saying no to the sale, with the reason, raises nothing.
    await crm.draft('这款产品的风险等级是R4，高于您C2的风险承受能力，我不能为您办理。');
    await expect(alert).toHaveCount(0, { timeout: 2_000 });
    await crm.agentSays('本次销售过程会同步录音录像，请您知悉。');
    await expect(sidebar.step('dual_recording')).toHaveAttribute('aria-checked', 'true');
  });

  test('no assessment on file: a pitch is flagged as selling before assessing', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html');
    const crm = new SpaCrm(page);
    await crm.openCase('GD202611290442');
    await expect(sidebar.field('customerRiskLevel')).toHaveAttribute('data-status', 'empty');
    await crm.draft('这款挺适合您的，我帮您下单吧。');
    await expect(sidebar.alert('suitability')).toContainText('未做风险测评', { timeout: 2_000 });
  });

  test('a CRM profile that reads no risk fields: the suitability rules say "not checked", with the fields', async ({
    openCrm,
  }) => {
    const { crm, sidebar } = await openCrm('/crm/legacy/index.html');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290387');
    const item = sidebar.page.locator('[data-unchecked="zh.suitability-risk-above"]');
    await expect(item).toHaveAttribute('data-missing', /customerRiskLevel/);
    await sidebar.page.locator('details.not-checked summary').click();
    await expect(item).toContainText('客户风险等级');
    await snapshot(crm, sidebar.page, 'context-not-checked');
    // The pitch that is flagged for a C2 customer is not guessed at here.
    await crm.fill('#reply', '这款挺适合您的，我帮您下单吧。');
    await crm.waitForTimeout(800);
    await expect(sidebar.alert('suitability')).toHaveCount(0);
  });

  test('a relative answers a collections call: naming the debt is flagged, asking for a call back is not', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html');
    const crm = new SpaCrm(page);
    await crm.openCase('GD202611290437');
    await expect(sidebar.field('contactParty')).toHaveAttribute('data-value', 'third_party');
    // The draft's own warning: the call itself may also be flagged when the test runs at night.
    const onDraft = sidebar
      .alert('collections_conduct')
      .and(sidebar.page.locator('[data-source="draft"]'));
    await crm.draft('他的贷款已经逾期三个月了，您让他赶紧还钱。');
    await expect(onDraft).toBeVisible({ timeout: 2_000 });
    await expect(onDraft).toContainText('商业银行信用卡业务监督管理办法');
    await crm.draft('好的，麻烦您转告他尽快给我们回电，谢谢。');
    await expect(onDraft).toHaveCount(0, { timeout: 2_000 });
  });

  test('English page: the same C2 and R4 case runs the English suitability rule', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/english/index.html?case=SR-2026-11-0902');
    const crm = new EnglishCrm(page);
    await expect(sidebar.field('productRiskLevel')).toHaveAttribute('data-value', 'R4');
    await crm.draft("Sure, it's a great fit for you, let me place the order.");
    await expect(sidebar.alert('suitability')).toBeVisible({ timeout: 2_000 });
    // Marketing on the phone was declined, but this is a chat: an offer is not flagged here.
    await crm.draft('While I have you, we have a new savings offer you might like.');
    await page.waitForTimeout(800);
    await expect(sidebar.alert('marketing_opt_out')).toHaveCount(0);
  });
});
