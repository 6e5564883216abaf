import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';

test.describe('the sidebar as an agent uses it all day', () => {
  test('keyboard first: focus search, pinyin initials, arrows and Enter insert into the CRM reply box', async ({
    openCrm,
  }) => {
    const { crm, sidebar } = await openCrm('/crm/legacy/index.html');
    const page = sidebar.page;
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', /\S/);
    await page.keyboard.press('/');
    await expect(sidebar.search).toBeFocused();
    await page.keyboard.type('czmm');
    // Pinyin initials of 重置密码 find the PIN reset article, with what matched highlighted.
    await expect(sidebar.suggestion('card-pin-reset')).toBeVisible();
    await expect(page.locator('#search-results [data-suggestion]').first()).toHaveAttribute(
      'data-suggestion',
      'card-pin-reset',
    );
    await sidebar.search.fill('信用卡年费能免吗');
    await expect(page.locator('#search-results [data-suggestion]').first()).toHaveAttribute(
      'data-suggestion',
      'card-annual-fee',
    );
    await expect(page.locator('#search-results mark').first()).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toContainText('已插入');
    await expect(crm.locator('#reply')).toHaveValue(/年费/);
  });

  test('the search index is built once, then restored when the sidebar opens again', async ({
    openCrm,
  }) => {
    const { sidebar } = await openCrm('/crm/legacy/index.html');
    const page = sidebar.page;
    const index = page.locator('[data-search-index]');
    await expect(index).toHaveAttribute('data-search-index', 'built');
    // The index is stored just after it answers; a reopen soon finds it.
    await expect(async () => {
      await page.reload();
      await expect(index).toHaveAttribute('data-search-index', 'stored', { timeout: 3_000 });
    }).toPass({ timeout: 20_000 });
    await sidebar.search.fill('信用卡年费能免吗');
    await expect(page.locator('#search-results [data-suggestion]').first()).toHaveAttribute(
      'data-suggestion',
      'card-annual-fee',
    );
    // The restored index keeps the engine's own synonyms: a customer's "still not arrived"
    // (没到) finds the article on when a transfer arrives (到账), which the pack does not word so.
    await sidebar.search.fill('转出去的钱还没到');
    await expect(page.locator('#search-results [data-suggestion]').first()).toHaveAttribute(
      'data-suggestion',
      'transfer-arrival',
    );
  });

  test('an agent reports a wrong article and a knowledge gap from where they noticed it', async ({
    openCrm,
  }) => {
    const { sidebar } = await openCrm('/crm/legacy/index.html');
    const page = sidebar.page;
    await sidebar.search.fill('年费');
    const item = page.locator('#search-results [data-suggestion]').first();
    await item.getByRole('button', { name: '报告问题' }).click();
    await page.locator('[data-panel="gap-report"] textarea').fill('年费减免条件已调整为刷卡满12次');
    await page.getByRole('button', { name: '提交给培训师' }).click();
    await expect(page.getByRole('status')).toContainText('已提交');

    await sidebar.search.fill('数字人民币钱包怎么开通');
    await page.getByRole('button', { name: '没找到？报告知识缺失' }).click();
    await expect(page.locator('[data-panel="gap-report"]')).toContainText('数字人民币钱包怎么开通');
    await page.locator('[data-panel="gap-report"] textarea').fill('知识库没有数字人民币的内容');
    await page.getByRole('button', { name: '提交给培训师' }).click();
    await expect(page.getByRole('status')).toContainText('已提交');
  });

  test('help lists the shortcuts; the UI switches to English and back', async ({ openCrm }) => {
    const { sidebar } = await openCrm('/crm/legacy/index.html');
    const page = sidebar.page;
    await expect(sidebar.field('channel')).toContainText('在线');
    await page.locator('body').press('?');
    await expect(page.getByRole('dialog')).toContainText('Alt+T');
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await expect(sidebar.field('channel')).toContainText('Chat');
    await expect(page.locator('h1')).toHaveText('SOP Copilot');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(sidebar.field('channel')).toContainText('在线');
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`accessible at 320 px wide in ${scheme} mode (axe: no serious or critical violation)`, async ({
      openCrm,
    }) => {
      const { crm, sidebar } = await openCrm('/crm/legacy/index.html');
      const page = sidebar.page;
      await page.setViewportSize({ width: 320, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await expect(sidebar.field('caseId')).toHaveAttribute('data-value', /\S/);
      await crm.locator('#reply').pressSequentially('这款理财保本保收益，您放心买');
      await expect(page.locator('[role="alert"][data-alert]').first()).toBeVisible();
      await sidebar.search.fill('挂失');
      await expect(page.locator('#search-results [data-suggestion]').first()).toBeVisible();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, 'no horizontal scrolling at 320 px').toBeLessThanOrEqual(320);
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter(
        (v) => v.impact === 'serious' || v.impact === 'critical',
      );
      expect(
        bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
    });
  }
});

test('start of shift: readiness checks, then what changed in the packs since the last shift', async ({
  openCrm,
}) => {
  const { sidebar } = await openCrm('/crm/legacy/index.html', { startShift: false });
  const panel = sidebar.shiftPanel;
  await expect(panel).toContainText('第一个班次');
  const checks = panel.locator('[data-readiness]');
  expect(await checks.count()).toBeGreaterThanOrEqual(2);
  for (const check of await checks.all()) await check.click();
  await expect(panel.getByRole('button', { name: '准备就绪，开始工作' })).toBeVisible();
  await panel.getByRole('button', { name: '准备就绪，开始工作' }).click();
  await expect(panel).toHaveCount(0);

  // A pack changed since: pretend the last shift saw an older version of one article.
  await sidebar.page.evaluate(async () => {
    const api = (
      globalThis as unknown as {
        chrome: {
          storage: {
            local: {
              get(k: string): Promise<Record<string, unknown>>;
              set(v: object): Promise<void>;
            };
          };
        };
      }
    ).chrome;
    const { shift } = (await api.storage.local.get('shift')) as {
      shift: { startedAt: number; prints: Record<string, { hash: string }> };
    };
    shift.startedAt -= 11 * 3_600_000;
    shift.prints['article:card-annual-fee']!.hash = 'older';
    delete shift.prints['article:card-lost'];
    await api.storage.local.set({ shift });
  });
  await sidebar.page.reload();
  await expect(panel.locator('[data-change="article:card-annual-fee"]')).toHaveAttribute(
    'data-kind',
    'changed',
  );
  await expect(panel.locator('[data-change="article:card-lost"]')).toHaveAttribute(
    'data-kind',
    'added',
  );
  await panel.locator('[data-change="article:card-annual-fee"] button').click();
  await expect(panel.locator('[data-change="article:card-annual-fee"]')).toContainText('年费');
});
