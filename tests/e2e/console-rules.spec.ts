/**
 * The console's Rules tab: a trainer reads a rule and its examples, tests sentences against
 * the rules in force, adds example sentences on this machine (kept, in force in the sidebar's
 * guard too) and turns an alert an agent dismissed into an ok example.
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';
import { SpaCrm } from './pages/crm.ts';
import { Console, RulesTab } from './pages/options.ts';

test.describe('trainers in the console’s Rules tab', () => {
  test('a rule shows its examples; the tester flags a promise, passes a compliant sentence; a local example stays after reload', async ({
    context,
    extensionId,
  }) => {
    const con = new Console(await context.newPage());
    await con.open(extensionId, 'rules');
    const rules = new RulesTab(con.page);

    const card = await rules.openRule('zh.guaranteed-return');
    await expect(card.locator('summary')).toContainText('zh.guaranteed-return');
    await expect(card.locator('[data-field="examples-count"]')).toContainText('例句');
    await expect(rules.examples('zh.guaranteed-return', 'flag').first()).toBeVisible();
    expect(await rules.examples('zh.guaranteed-return', 'flag').count()).toBeGreaterThan(3);
    expect(await rules.examples('zh.guaranteed-return', 'ok').count()).toBeGreaterThan(3);
    await expect(card.locator('[data-field="basis"]')).not.toBeEmpty();
    await expect(card.locator('[data-field="alternative"]')).not.toBeEmpty();

    // A promise of guaranteed returns: the rule, the words marked, what to say instead.
    await rules.test('这款产品保本保息');
    const alert = rules.testerAlert('zh.guaranteed-return');
    await expect(alert).toBeVisible();
    await expect(alert.locator('mark')).toHaveText(/保本/);
    await expect(alert.locator('[data-field="alternative"]')).toContainText('建议话术');
    // A compliant sentence raises nothing.
    await rules.test('您好，请问有什么可以帮您？');
    await expect(rules.noAlert).toHaveText('无告警');

    // A wording no pattern holds is flagged by the model learned from the examples, and the
    // alert shows the example sentence it resembles.
    await rules.test('我跟领导打过招呼了，这张卡以后年费都不收了。');
    const learned = rules.alerts.first();
    await expect(learned).toHaveAttribute('data-alert-rule', /^zh\./);
    await expect(learned.locator('[data-field="example"] q')).not.toBeEmpty();

    // Markup typed into the tester is text, never HTML.
    await rules.test('<img src=x onerror=alert(1)>这款产品保本保息');
    await expect(alert.locator('[data-field="sentence"]')).toContainText('<img src=x');
    await expect(rules.panel.locator('img')).toHaveCount(0);

    // The same in English.
    await rules.chooseLanguage('en');
    await rules.test('This fund is guaranteed to make money');
    await expect(rules.testerAlert('en.guaranteed-return')).toBeVisible();
    await rules.test('Returns vary with the market and are not guaranteed.');
    await expect(rules.noAlert).toBeVisible();
    await rules.chooseLanguage('zh-CN');

    // An ok example added on this machine is listed as such, and kept across a reload.
    const sentence = '保本型产品已经停售，现在的理财都是净值型的';
    await rules.addExample('zh.guaranteed-return', 'ok', sentence);
    const added = rules.localExamples('zh.guaranteed-return', 'ok');
    await expect(added.locator('[data-field="text"]')).toHaveText([sentence]);
    await expect(added.locator('.badge')).toHaveText('本机添加');
    await expect(rules.rule('zh.guaranteed-return').locator('summary .badge.added')).toBeVisible();
    await con.page.reload();
    await rules.openRule('zh.guaranteed-return');
    await expect(rules.localExamples('zh.guaranteed-return', 'ok')).toContainText([sentence]);

    // Exported in pack form.
    const [download] = await Promise.all([
      con.page.waitForEvent('download'),
      rules.panel.locator('[data-action="export-examples"]').click(),
    ]);
    const exported = JSON.parse(await streamText(await download.createReadStream()));
    expect(exported).toEqual({
      rules: [{ id: 'zh.guaranteed-return', examples: { ok: [sentence] } }],
    });

    // Removed again.
    await rules
      .localExamples('zh.guaranteed-return', 'ok')
      .locator('[data-action="remove-example"]')
      .click();
    await expect(rules.localExamples('zh.guaranteed-return', 'ok')).toHaveCount(0);
  });

  test('a flag example added in the console is in force in the tester and in the sidebar', async ({
    context,
    extensionId,
    openCrm,
  }) => {
    const sentence = '这单做成了我请您喝下午茶';
    const con = new Console(await context.newPage());
    await con.open(extensionId, 'rules');
    const rules = new RulesTab(con.page);
    await rules.test(sentence);
    await expect(rules.noAlert).toBeVisible();

    await rules.addExample('zh.premium-rebate', 'flag', sentence);
    await expect(rules.localExamples('zh.premium-rebate', 'flag')).toHaveCount(1);
    // The tester follows at once, naming the example it resembles.
    const alert = rules.testerAlert('zh.premium-rebate');
    await expect(alert).toBeVisible();
    await expect(alert.locator('[data-field="example"]')).toContainText('100%');
    await expect(alert.locator('[data-field="example"] q')).toHaveText(sentence);

    // "Test this rule" checks that rule alone.
    await rules.rule('zh.guaranteed-return').locator('summary').click();
    await rules.rule('zh.guaranteed-return').locator('[data-action="test-rule"]').click();
    await expect(rules.panel.locator('select[name="tester-rule"]')).toHaveValue(
      'zh.guaranteed-return',
    );
    await expect(rules.noAlert).toBeVisible();

    // The background's guard uses it for an agent's draft.
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await crm.openCase('GD202611290415');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290415');
    await crm.draft(sentence);
    await expect(sidebar.alert('unauthorised_promise')).toBeVisible();
  });

  test('an alert an agent dismissed becomes an ok example of its rule', async ({
    context,
    extensionId,
    openCrm,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await crm.openCase('GD202611290415');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290415');
    await crm.agentSays('您把短信验证码告诉我，我帮您操作一下。');
    const alert = sidebar.alert('credential_request');
    await expect(alert).toHaveAttribute('data-source', 'transcript');
    await alert.getByRole('button', { name: '忽略并说明原因' }).click();
    await alert.getByRole('textbox').fill('误报：客户自己念出');
    await alert.getByRole('button', { name: '确认忽略' }).click();
    await expect(sidebar.alert('credential_request')).toHaveCount(0);
    // The tab closed: the case's record is kept with the override.
    await page.close();

    const con = new Console(await context.newPage());
    await expect
      .poll(
        async () => {
          await con.open(extensionId, 'rules');
          return new RulesTab(con.page).dismissed('zh.credential-request').count();
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    const rules = new RulesTab(con.page);
    const dismissed = rules.dismissed('zh.credential-request').first();
    await expect(dismissed).toContainText('误报：客户自己念出');
    const text = (await dismissed.locator('mark').textContent()) ?? '';
    expect(text).toContain('验证码');
    await dismissed.locator('[data-action="add-ok"]').click();
    await expect(dismissed.locator('[data-action="add-ok"]')).toBeDisabled();
    await rules.openRule('zh.credential-request');
    await expect(rules.localExamples('zh.credential-request', 'ok')).toContainText([text]);
  });
});

test('the Rules tab is accessible with a rule open and an alert shown (axe)', async ({
  context,
  extensionId,
}) => {
  const con = new Console(await context.newPage());
  await con.open(extensionId, 'rules');
  const rules = new RulesTab(con.page);
  await rules.openRule('zh.fee-waiver');
  await rules.test('这款产品保本保息');
  await expect(rules.testerAlert('zh.guaranteed-return')).toBeVisible();
  const results = await new AxeBuilder({ page: con.page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
