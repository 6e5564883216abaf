import { test, expect } from './fixtures.ts';
import { SpaCrm } from './pages/crm.ts';

const GREETING = '您好，很高兴为您服务，我是XX金融的客服代表10086，请问有什么可以帮到您？';

test.describe('an agent working whole cases with the sidebar', () => {
  test('balance enquiry: account facts before the identity check are flagged, after it they are not', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await crm.openCase('GD202611290415');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290415');

    await crm.agentSays(GREETING);
    await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');

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
    await crm.draft('这款产品保本保收益，稳赚不赔，您放心买。');
    const alert = sidebar
      .alert('unauthorised_promise')
      .or(sidebar.alert('misleading_claim'))
      .first();
    await expect(alert).toBeVisible({ timeout: 2_000 });
    // Every alert says why and what to say instead.
    await expect(alert).toContainText('依据');
    await expect(alert).toContainText('建议改为');

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

  test('an alert can be dismissed with a reason, and a checklist step can be ticked by hand', async ({
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await crm.openCase('GD202611290415');
    await crm.agentSays('您把短信验证码告诉我，我帮您操作一下。');
    const alert = sidebar.alert('credential_request');
    await expect(alert).toBeVisible();
    await alert.getByRole('button', { name: '忽略并说明原因' }).click();
    await alert.getByRole('textbox').fill('客户误读，已当场纠正');
    await alert.getByRole('button', { name: '确认忽略' }).click();
    await expect(sidebar.alert('credential_request')).toHaveCount(0);

    await expect(sidebar.step('confirm_need')).toHaveAttribute('aria-checked', 'false');
    await sidebar.step('confirm_need').click();
    await expect(sidebar.step('confirm_need')).toHaveAttribute('aria-checked', 'true');
    await expect(sidebar.step('confirm_need')).toContainText('手动');
  });
});
