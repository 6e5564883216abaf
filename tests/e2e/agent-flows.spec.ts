import { test, expect, snapshot } from './fixtures.ts';
import { GREETING, SpaCrm, greetCase } from './pages/crm.ts';
import { Console } from './pages/options.ts';

test.describe('an agent working whole cases with the sidebar', () => {
  test('a case left for another in the queue carries on when the agent comes back, recorded once', async ({
    context,
    extensionId,
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await crm.openCase('GD202611290415');
    await crm.agentSays(GREETING);
    await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');
    // Another case of the queue: a case of its own.
    await crm.openCase('GD202611290421');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290421');
    await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'false');
    // Back to the first: its checklist and conversation as they were, nothing read twice.
    await crm.openCase('GD202611290415');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290415');
    await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');
    await sidebar.step('confirm_need').click();
    await expect(sidebar.step('confirm_need')).toHaveAttribute('aria-checked', 'true');
    const greetings = (await sidebar.turns()).filter(([, text]) => text === GREETING);
    expect(greetings).toHaveLength(1);
    await crm.openCase('GD202611290421');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290421');

    // One record for the case, with the step ticked after coming back.
    const con = new Console(await context.newPage());
    await con.open(extensionId, 'records');
    await expect(con.stat('cases')).toHaveText('1');
    await expect(
      con.page.locator('[data-chart="steps"] [data-bar="confirm_need"] .bar-value'),
    ).toHaveText('100% (1/1)');
  });

  test('balance enquiry: account facts before the identity check are flagged, after it they are not', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await greetCase(crm, sidebar, 'GD202611290415');

    await crm.customerSays('另外帮我查一下我卡里还有多少余额？');
    // The case now touches an account: identity verification applies and is not done.
    await expect(sidebar.step('verify_identity')).toHaveAttribute('aria-checked', 'false');

    // Stating the balance before verifying is caught while it is still a draft.
    await crm.draft('您卡里的余额是52,000元。');
    await expect(sidebar.alert('missing_identity_check')).toBeVisible({ timeout: 2_000 });

    await crm.agentSays(
      '为了保障您的账户安全，需要先核实一下您的身份，请提供您身份证号码的后四位和预留手机号码。',
    );
    await crm.customerSays('身份证后四位是2209，手机尾号7716。');
    await crm.agentSays('好的，您的身份信息核实通过，感谢您的配合。');
    await expect(sidebar.step('verify_identity')).toHaveAttribute('aria-checked', 'true');

    await crm.agentSays('您卡内当前可用余额为52,000元。');
    await expect(sidebar.alert('missing_identity_check')).toHaveCount(0);
    await expect(sidebar.step('resolve')).toHaveAttribute('aria-checked', 'true');

    await crm.agentSays(
      '请问还有其他可以帮您的吗？感谢您的咨询，如有其他问题欢迎随时联系我们，祝您生活愉快！',
    );
    await expect(sidebar.step('farewell')).toHaveAttribute('aria-checked', 'true');

    await expect(sidebar.step('record')).toHaveAttribute('aria-checked', 'false');
    await crm.writeNotes('客户咨询大额存单并查询卡内余额，已核实身份后告知余额。');
    await expect(sidebar.step('record')).toHaveAttribute('aria-checked', 'true');
  });

  test('product question: a guaranteed-return promise is warned about, the compliant wording goes in instead', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await crm.openCase('GD202611290415');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290415');
    await crm.draft('这款产品保本保收益，稳赚不赔，您放心买。');
    const alert = sidebar
      .alert('unauthorised_promise')
      .or(sidebar.alert('misleading_claim'))
      .first();
    await expect(alert).toBeVisible({ timeout: 2_000 });
    // Every alert says why and what to say instead.
    await expect(alert).toContainText('依据');
    await expect(alert).toContainText('建议改为');

    await snapshot(page, sidebar.page, 'blocked-promise-zh');
    // The agent stays in charge: a clean draft clears the warning.
    await crm.draft('这款产品不保本，过往业绩不代表未来表现，请您根据自身风险承受能力谨慎选择。');
    await expect(sidebar.page.locator('[role="alert"][data-alert]')).toHaveCount(0, {
      timeout: 2_000,
    });

    // Negation and fraud warnings are not flagged.
    await crm.draft('请注意，我们的工作人员不会向您索要验证码或密码。');
    await sidebar.page.waitForTimeout(600);
    await expect(sidebar.page.locator('[role="alert"][data-alert]')).toHaveCount(0);
  });

  test('complaint with a referral: soothe, record, apologise, refer with reason, time and contact, keep the callback', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await expect(sidebar.field('caseType')).toHaveAttribute('data-value', 'complaint');
    // Complaint sub-steps apply to complaints only; the referral notice only once referred.
    await expect(sidebar.step('complaint_soothe')).toHaveAttribute('aria-checked', 'false');
    await expect(sidebar.step('referral_notice')).toHaveCount(0);

    await crm.agentSays(GREETING);
    await crm.agentSays('陈女士，非常理解您的心情，请您先别着急，我们一起来看看。');
    await expect(sidebar.step('complaint_soothe')).toHaveAttribute('aria-checked', 'true');
    await crm.agentSays('您反映的年费问题我已经详细记录下来了。给您带来不便，非常抱歉。');
    await expect(sidebar.step('complaint_record')).toHaveAttribute('aria-checked', 'true');
    await expect(sidebar.step('complaint_apologise')).toHaveAttribute('aria-checked', 'true');

    await crm.agentSays(
      '由于年费减免需要信用卡中心核实您的刷卡记录，我已为您提交工单转交信用卡中心处理，预计3个工作日内由专员致电您的预留手机号码告知处理结果。',
    );
    await expect(sidebar.step('referral_notice')).toHaveAttribute('aria-checked', 'true');
    await expect(sidebar.alert('incomplete_referral')).toHaveCount(0);

    // The callback promised is listed across cases with its due time, and can be marked kept.
    const commitment = sidebar.page.locator('[data-commitment^="GD202611290412#"]');
    await expect(commitment).toHaveAttribute('data-status', 'open');
    await expect(commitment).toContainText('3个工作日内');
    await crm.agentSays('处理完成后我们会回访您，确认您对处理结果是否满意。');
    await expect(sidebar.step('complaint_close_loop')).toHaveAttribute('aria-checked', 'true');
    await snapshot(page, sidebar.page, 'complaint-referral-zh');
    await commitment.getByRole('button', { name: '标记为已兑现' }).click();
    await expect(commitment).toHaveAttribute('data-status', 'kept');
  });

  test('in English: a guaranteed-return draft is warned about with the rule and what to say instead', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await sidebar.page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await expect(sidebar.page.locator('h1')).toHaveText('SOP Copilot');
    await crm.openCase('GD202611290415');
    await crm.agentSays(
      'Good morning, thank you for calling XX Finance, this is agent 10086, how can I help you today?',
    );
    await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');
    await crm.draft(
      "Don't worry, this fund guarantees you'll get 5% a year and you can't lose money.",
    );
    const alert = sidebar
      .alert('unauthorised_promise')
      .or(sidebar.alert('misleading_claim'))
      .first();
    await expect(alert).toBeVisible({ timeout: 2_000 });
    await expect(alert).toContainText('Basis:');
    await expect(alert).toContainText('Say instead:');
    await snapshot(page, sidebar.page, 'blocked-promise-en');
  });

  test('an alert can be dismissed with a reason, and a checklist step can be ticked by hand', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await crm.openCase('GD202611290415');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290415');
    await crm.agentSays('您把短信验证码告诉我，我帮您操作一下。');
    // Once sent, the draft's warning gives way to the alert on the sent message.
    await expect(sidebar.alert('credential_request')).toHaveAttribute('data-source', 'transcript');
    const alert = sidebar.alert('credential_request');
    await alert.getByRole('button', { name: '忽略并说明原因' }).click();
    await alert.getByRole('textbox').fill('客户误读，已当场纠正');
    await alert.getByRole('button', { name: '确认忽略' }).click();
    await expect(sidebar.alert('credential_request')).toHaveCount(0);

    // Dismissed while still a draft: it stays dismissed as the agent types on and sends.
    await crm.draft('这笔年费我帮您免掉');
    const draftAlert = sidebar.alert('unauthorised_promise');
    await expect(draftAlert).toBeVisible();
    await expect(page.locator('sop-copilot-warning')).toHaveCount(1);
    await draftAlert.getByRole('button', { name: '忽略并说明原因' }).click();
    await draftAlert.getByRole('textbox').fill('已获主管当场授权');
    await draftAlert.getByRole('button', { name: '确认忽略' }).click();
    await expect(sidebar.alert('unauthorised_promise')).toHaveCount(0);
    await expect(page.locator('sop-copilot-warning')).toHaveCount(0);
    await page.locator('#composer').pressSequentially('，请放心。');
    await page.click('#send');
    await expect.poll(async () => (await sidebar.turns()).at(-1)?.[1]).toContain('请放心');
    await expect(sidebar.alert('unauthorised_promise')).toHaveCount(0);

    await expect(sidebar.step('confirm_need')).toHaveAttribute('aria-checked', 'false');
    await sidebar.step('confirm_need').click();
    await expect(sidebar.step('confirm_need')).toHaveAttribute('aria-checked', 'true');
    await expect(sidebar.step('confirm_need')).toContainText('手动');
  });
});
