import { test, expect, snapshot } from './fixtures.ts';
import { EnglishCrm, SpaCrm, greetCase } from './pages/crm.ts';
import { Console } from './pages/options.ts';

test.describe('wrap-up: the case summary goes into the ticket, the case is scored', () => {
  test('ending a complaint drafts the summary; one key writes it into the notes and the category, ticks record and ends a scored case', async ({
    context,
    extensionId,
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await greetCase(crm, sidebar, 'GD202611290412');
    await crm.agentSays('您的意思是这个月被扣了年费，您认为不应该收，对吗？');
    await crm.customerSays('对的，我要求退回来。');
    await expect(sidebar.step('confirm_need')).toHaveAttribute('aria-checked', 'true');
    await expect(sidebar.step('record')).toHaveAttribute('aria-checked', 'false');

    // Ending with the ticket still empty offers the summary first.
    await sidebar.page.getByRole('button', { name: '结束案件' }).click();
    const draft = sidebar.page.locator('textarea[data-summary]');
    await expect(draft).toBeVisible();
    await expect(draft).toHaveValue(/工单号：GD202611290412/);
    await expect(draft).toHaveValue(/客户需求：.*年费/);
    await expect(draft).not.toHaveValue(/\{\{/);
    await snapshot(page, sidebar.page, 'wrap-up-summary');

    // The agent edits it, then one key writes it into the CRM's notes and ends the case.
    await draft.press('End');
    await draft.pressSequentially(' 已致歉。');
    await draft.press('Control+Enter');
    await expect(page.locator('#memo')).toHaveValue(/【服务小结】[\s\S]*已致歉。/);
    await expect(page.locator('#ticketCategory')).toHaveValue('C03');
    await expect(sidebar.page.locator('.toast[role="status"]')).toHaveText(
      '案件已结束，合规记录已保存。',
    );

    // The record has the record step done and a score, item by item.
    const con = new Console(await context.newPage());
    await con.open(extensionId, 'records');
    await expect(con.stat('cases')).toHaveText('1');
    await expect(
      con.page.locator('[data-chart="steps"] [data-bar="record"] .bar-value'),
    ).toHaveText('100% (1/1)');
    await expect(con.page.locator('[data-score-stat="scored"] dd')).toHaveText('1/1');
    await expect(con.page.locator('[data-review="GD202611290412"]')).toBeVisible();
  });

  test('Alt+S drafts the summary at any time; closing it leaves the ticket untouched', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await greetCase(crm, sidebar, 'GD202611290415');
    await sidebar.page.locator('body').press('Alt+s');
    await expect(sidebar.page.locator('textarea[data-summary]')).toHaveValue(
      /工单号：GD202611290415/,
    );
    await sidebar.page.getByRole('button', { name: '收起' }).click();
    await expect(sidebar.page.locator('textarea[data-summary]')).toHaveCount(0);
    await expect(page.locator('#memo')).toHaveValue('');
  });

  test('on the English service desk: the English summary goes into its notes and the case is recorded with its score', async ({
    context,
    extensionId,
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/english/index.html');
    const crm = new EnglishCrm(page);
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'SR-2026-11-0871');
    await crm.agentSays(
      'Good morning, thank you for calling XX Finance, this is agent 10086, how can I help you today?',
    );
    await crm.customerSays('I was charged an annual fee this month and I think it is wrong.');
    await crm.agentSays(
      'Just to confirm, you were charged the annual fee this month and you would like it reviewed, is that right?',
    );
    await expect(sidebar.step('confirm_need')).toHaveAttribute('aria-checked', 'true');

    await sidebar.page.getByRole('button', { name: '结束案件' }).click();
    const draft = sidebar.page.locator('textarea[data-summary]');
    await expect(draft).toHaveValue(/^Case summary: SR-2026-11-0871/);
    await expect(draft).toHaveValue(/Need: .*annual fee/);
    await expect(draft).not.toHaveValue(/\{\{/);
    await draft.press('Control+Enter');
    await expect(page.locator('#notes')).toHaveValue(/Case summary: SR-2026-11-0871[\s\S]*Need:/);
    await expect(sidebar.page.locator('.toast[role="status"]')).toHaveText(
      '案件已结束，合规记录已保存。',
    );

    const con = new Console(await context.newPage());
    await con.open(extensionId, 'records');
    await expect(
      con.page.locator('[data-chart="steps"] [data-bar="record"] .bar-value'),
    ).toHaveText('100% (1/1)');
    await expect(con.page.locator('[data-review="SR-2026-11-0871"]')).toBeVisible();
  });
});
