import { test, expect } from './fixtures.ts';
import { SpaCrm } from './pages/crm.ts';

test.describe('reading the case from the demo CRM pages', () => {
  test('legacy table page: fields from the top page and the GBK detail frame, transcript in order', async ({
    openCrm,
  }) => {
    const { crm, sidebar } = await openCrm('/crm/legacy/index.html');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290387');
    await expect(sidebar.field('customerName')).toHaveAttribute('data-value', '张伟明');
    await expect(sidebar.field('customerId')).toHaveAttribute('data-value', /^CIF/);
    await expect(sidebar.field('agentId')).toHaveAttribute('data-value', '10086');
    await expect(sidebar.field('channel')).toHaveAttribute('data-value', 'chat');
    await expect(sidebar.field('caseType')).toHaveAttribute('data-value', 'assistance');
    // The product lives in a GBK-encoded iframe.
    await expect(sidebar.field('product')).toHaveAttribute('data-value', '稳享添利90天');
    // The label is localised; the value stays the normalised one.
    await expect(sidebar.field('channel')).toContainText('在线');

    await expect
      .poll(() => sidebar.turns())
      .toEqual([
        ['agent', '您好，很高兴为您服务，我是XX金融的客服代表10086，请问有什么可以帮到您？'],
        [
          'customer',
          '你好，我上个月在手机银行买了“稳享添利90天”理财，现在家里急用钱，想提前赎回，能办吗？',
        ],
        ['customer', '大概要取5万块。'],
      ]);

    // What the agent sends shows up as the next agent turn.
    await crm.fill('#reply', '您的意思是想提前赎回这笔理财，对吗？');
    await crm.click('input[value="发 送"]');
    await expect
      .poll(async () => (await sidebar.turns()).at(-1))
      .toEqual(['agent', '您的意思是想提前赎回这笔理财，对吗？']);
  });

  test('single-page app: swapping cases without a reload shows the new case', async ({
    openCrm,
  }) => {
    const { crm, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290412');
    await expect(sidebar.field('channel')).toHaveAttribute('data-value', 'phone');
    await expect(sidebar.field('caseType')).toHaveAttribute('data-value', 'complaint');
    await expect.poll(async () => (await sidebar.turns()).length).toBe(3);

    await crm.click('li[data-case="GD202611290415"]');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290415');
    await expect(sidebar.field('customerName')).toHaveAttribute('data-value', '刘建国');
    await expect(sidebar.field('channel')).toHaveAttribute('data-value', 'chat');
    await expect(sidebar.field('caseType')).toHaveAttribute('data-value', 'inquiry');
    await expect
      .poll(() => sidebar.turns())
      .toEqual([['customer', '请问现在三年期的大额存单利率是多少？20万起存吗？']]);

    await crm.evaluate(() =>
      (
        window as unknown as { demo: { addCustomerMessage(t: string): void } }
      ).demo.addCustomerMessage('那可以提前支取吗？'),
    );
    await expect
      .poll(async () => (await sidebar.turns()).at(-1))
      .toEqual(['customer', '那可以提前支取吗？']);
  });

  test('single-page app: the risk and marketing context of a case, and a missing risk level', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await expect(sidebar.field('customerRiskLevel')).toHaveAttribute('data-value', 'C3');
    await expect(sidebar.field('contactParty')).toHaveAttribute('data-value', 'self');

    await crm.openCase('GD202611290433');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290433');
    await expect(sidebar.field('product')).toHaveAttribute('data-value', '稳盈180天（R4）');
    await expect(sidebar.field('customerRiskLevel')).toHaveAttribute('data-value', 'C2');
    await expect(sidebar.field('riskAssessedAt')).toHaveAttribute('data-value', '2026-03-10');
    await expect(sidebar.field('productRiskLevel')).toHaveAttribute('data-value', 'R4');
    await expect(sidebar.field('productType')).toHaveAttribute('data-value', 'wealth');
    await expect(sidebar.field('marketingOptOut')).toHaveAttribute('data-value', 'phone');
    await expect(sidebar.field('contactParty')).toHaveAttribute('data-value', 'self');

    await crm.openCase('GD202611290437');
    await expect(sidebar.field('caseType')).toHaveAttribute('data-value', 'collections');
    await expect(sidebar.field('channel')).toHaveAttribute('data-value', 'phone');
    await expect(sidebar.field('contactParty')).toHaveAttribute('data-value', 'third_party');

    // No risk assessment on file: the field is there but empty, not a stale value.
    await crm.openCase('GD202611290442');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290442');
    await expect(sidebar.field('customerRiskLevel')).toHaveAttribute('data-status', 'empty');
    await expect(sidebar.field('customerRiskLevel')).toHaveAttribute('data-value', '');
    await expect(sidebar.field('productType')).toHaveAttribute('data-value', 'fund');
  });

  test('English page: a case opened by number carries its risk and marketing context', async ({
    openCrm,
  }) => {
    const { sidebar } = await openCrm('/crm/english/index.html?case=SR-2026-11-0902');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'SR-2026-11-0902');
    await expect(sidebar.field('customerRiskLevel')).toHaveAttribute('data-value', 'C2');
    await expect(sidebar.field('riskAssessedAt')).toHaveAttribute('data-value', '2026-03-10');
    await expect(sidebar.field('productRiskLevel')).toHaveAttribute('data-value', 'R4');
    await expect(sidebar.field('productType')).toHaveAttribute('data-value', 'wealth');
    await expect(sidebar.field('marketingOptOut')).toHaveAttribute('data-value', 'phone');
  });

  for (const page of ['frameset', 'crossorigin', 'rerender', 'controlled']) {
    test(`${page} page: the case and transcript are read`, async ({ openCrm }) => {
      const { sidebar } = await openCrm(`/crm/${page}/index.html`);
      await expect(sidebar.field('caseId')).toHaveAttribute('data-value', /\S/);
      await expect(sidebar.field('customerName')).toHaveAttribute('data-value', /\S/);
      await expect(sidebar.field('channel')).toHaveAttribute(
        'data-value',
        /^(phone|chat|email|message|social)$/,
      );
      await expect.poll(async () => (await sidebar.turns()).length).toBeGreaterThan(0);
      const turns = await sidebar.turns();
      expect(turns.map(([speaker]) => speaker)).toContain('customer');
    });
  }
});
