/**
 * Hostile content shown as literal text: markup and scripts in CRM pages and in imported packs
 * never become elements, scripts or dialogs, in the sidebar, the console or the CRM.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { GREETING, SpaCrm } from './pages/crm.ts';
import { Console } from './pages/options.ts';

const HOSTILE = [
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '<script>window.__pwned=1</script>',
  '<a href="javascript:alert(1)">click</a>',
];

/** Runs code in our content script's isolated world of a CRM page (found through CDP). */
test('hostile CRM content is shown as literal text: no element, no script, no dialog', async ({
  openCrm,
}) => {
  const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
  const dialogs: string[] = [];
  page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  sidebar.page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  const crm = new SpaCrm(page);
  const huge = `超长${'x'.repeat(100_000)}`;

  // The CRM's own fields and transcript hold markup as text, as a legacy CRM may.
  await page.evaluate(
    ([name, product]) => {
      document.querySelector('.cust-name')!.textContent = name!;
      document.querySelector('[data-bind="product"]')!.textContent = product!;
    },
    [HOSTILE[0]!, HOSTILE[2]!],
  );
  await expect(sidebar.field('customerName')).toHaveAttribute('data-value', HOSTILE[0]!);
  for (const t of [HOSTILE[1]!, HOSTILE[2]!, huge]) await crm.customerSays(t);
  await crm.agentSays(GREETING);
  await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');

  const turns = await sidebar.turns();
  const texts = turns.map(([, t]) => t);
  expect(texts).toContain(HOSTILE[1]!);
  expect(texts).toContain(HOSTILE[2]!);
  expect(texts.some((t) => t.includes('xxxxxxxxxx'))).toBe(true);
  await expect(sidebar.page.getByText(HOSTILE[0]!, { exact: false }).first()).toBeVisible();

  // Nothing the CRM sent became markup in the sidebar, and the long turn did not widen it.
  expect(await madeOf(sidebar.page)).toEqual(CLEAN);
  expect(dialogs).toEqual([]);
});

/**
 * Our extension's service worker as the browser's service-worker domain reports it: its running
 * status, and code run inside whichever instance is running now. Playwright's own worker handles
 * are not used here: after a stop the same target can come back for the next instance, and the
 * old handle may answer for it or hang until its close event arrives seconds later.
 */
async function madeOf(page: Page) {
  return page.evaluate(() => ({
    img: document.querySelectorAll('img[src="x"], img[onerror], [onerror]').length,
    script: [...document.querySelectorAll('script')].filter(
      (s) => s.textContent?.includes('__pwned') || s.src === '',
    ).length,
    js: document.querySelectorAll('a[href^="javascript:"], [href^="javascript:"]').length,
    pwned: (window as { __pwned?: number }).__pwned ?? 0,
    overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  }));
}

const CLEAN = { img: 0, script: 0, js: 0, pwned: 0, overflowX: 0 };

/** A pack a trainer might be tricked into importing: markup everywhere text goes, long texts. */
const IMG = '<img src=x onerror="window.__pwned=1;alert(1)">';
const SCRIPT = '<script>window.__pwned=1;alert(1)</script>';
const LINK = '<a href="javascript:alert(1)">点我</a>';

function hostilePack(): object {
  return {
    schemaVersion: 1,
    id: 'hostile-pack',
    name: `${IMG}恶意包`,
    locale: 'zh-CN',
    version: `${SCRIPT}`.slice(0, 50),
    // No length limit on an owner: a megabyte of it must not hang anything.
    owner: `${LINK}${'o'.repeat(1_000_000)}`,
    description: `${SCRIPT}${'d'.repeat(19_000)}`,
    steps: [
      {
        id: 'hostile_step',
        title: `${SCRIPT}恶意步骤`,
        hint: `${LINK}${'h'.repeat(19_000)}`,
        detectors: [{ speaker: 'agent', all: ['恶意步骤已完成'] }],
      },
    ],
    scripts: [
      {
        id: 'hostile-script',
        step: 'hostile_step',
        title: `${IMG}恶意话术`,
        // The longest text the schema accepts, in one unbroken word.
        text: `${SCRIPT}${LINK}恶意话术正文${'y'.repeat(19_800)}`,
      },
    ],
    articles: [
      {
        id: 'kb-hostile',
        title: `${LINK}恶意知识`,
        questions: [`${SCRIPT}恶意知识怎么办`, `${IMG}恶意知识`],
        answer: `${IMG}恶意知识答案${'z'.repeat(19_800)}`,
      },
    ],
  };
}

test('a hostile pack imported in the console is text there and in the sidebar; an oversized one is refused', async ({
  context,
  extensionId,
  openCrm,
}) => {
  test.setTimeout(90_000);
  const dialogs: string[] = [];
  context.on('page', (p) => p.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss())));
  const con = new Console(await context.newPage());
  con.page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  await con.open(extensionId, 'packs');

  // Oversized: a megabyte in a title and an answer is refused with the paths, not echoed.
  const huge = hostilePack() as { articles: { title: string; answer: string }[] };
  huge.articles[0]!.title = `<img src=x onerror=alert(1)>${'t'.repeat(1_000_000)}`;
  huge.articles[0]!.answer = 'a'.repeat(1_000_000);
  await con.page.locator('input[type="file"][name="pack-file"]').setInputFiles({
    name: 'huge.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(huge)),
  });
  const errors = con.validation.locator('[data-list="errors"]');
  await expect(errors.locator('[data-path="articles[0].title"]')).toBeVisible({ timeout: 15_000 });
  await expect(errors.locator('[data-path="articles[0].answer"]')).toBeVisible();
  expect((await errors.textContent())!.length).toBeLessThan(2_000);
  await expect(con.validation.getByRole('button', { name: /安装|Install/ })).toHaveCount(0);
  expect(await madeOf(con.page)).toEqual(CLEAN);

  // Within the limits: imported, every hostile string shown as the text it is.
  const pack = hostilePack();
  await con.page.locator('input[type="file"][name="pack-file"]').setInputFiles({
    name: 'hostile.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(pack)),
  });
  const diff = con.page.locator('[data-list="diff"]');
  await expect(diff.locator('[data-item="kb-hostile"]')).toContainText(`${LINK}恶意知识`, {
    timeout: 15_000,
  });
  await expect(diff.locator('[data-item="hostile-script"]')).toContainText(`${IMG}恶意话术`);
  await expect(diff.locator('[data-item="hostile_step"]')).toContainText(`${SCRIPT}恶意步骤`);
  await con.page.locator('[data-panel="preview"] summary').click();
  await expect(con.page.locator('[data-preview="kb-hostile"]')).toContainText(
    `${IMG}恶意知识答案zzzz`,
  );
  expect(await madeOf(con.page)).toEqual(CLEAN);
  await con.installImported();
  await expect(con.pack('hostile-pack')).toContainText(`${IMG}恶意包`);
  expect(await madeOf(con.page)).toEqual(CLEAN);

  // In the sidebar: the step in the checklist, the article and the script found by search.
  const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
  sidebar.page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  const crm = new SpaCrm(page);
  await crm.openCase('GD202611290415');
  await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290415');
  await expect(sidebar.step('hostile_step')).toContainText(`${SCRIPT}恶意步骤`);
  await sidebar.search.fill('恶意知识');
  const found = (id: string) =>
    sidebar.page.locator('#search-results').locator(`[data-suggestion="${id}"]`);
  const article = found('kb-hostile');
  await expect(article).toBeVisible({ timeout: 10_000 });
  await expect(article).toContainText(`${LINK}恶意知识`);
  await article.locator('button.title').click();
  await expect(article.locator('.body')).toContainText(`${IMG}恶意知识答案zzzz`);
  await sidebar.search.fill('恶意话术');
  const script = found('hostile-script');
  await expect(script).toBeVisible({ timeout: 10_000 });
  await expect(script).toContainText(`${IMG}恶意话术`);
  await script.locator('button.title').click();
  await expect(script.locator('.body')).toContainText(SCRIPT);
  expect(await madeOf(sidebar.page)).toEqual(CLEAN);
  // Suggested for the step outside the search, its long text is cut to a short preview.
  const preview = await sidebar.page.evaluate(() => {
    const item = [...document.querySelectorAll('[data-suggestion="hostile-script"]')].find(
      (el) => !el.closest('#search-results'),
    );
    const p = item?.querySelector('.preview');
    if (!p) return null;
    return {
      height: p.getBoundingClientRect().height,
      font: parseFloat(getComputedStyle(p).fontSize),
    };
  });
  expect(preview, 'the step suggestion with its preview').not.toBeNull();
  // Two lines at most (a line is at most 1.5 times the font size), not 19,800 characters' worth.
  expect(preview!.height).toBeLessThanOrEqual(preview!.font * 3);
  // A long unbroken text wraps inside the sidebar instead of widening it.
  const widths = await script.evaluate((el) => ({ el: el.scrollWidth, page: innerWidth }));
  expect(widths.el).toBeLessThanOrEqual(widths.page);

  // Inserted into the CRM, the script is the literal text too.
  await script.getByRole('button', { name: /插入|Insert/ }).click();
  await expect(page.locator('#composer')).toContainText(SCRIPT);
  expect(await madeOf(page)).toMatchObject({ img: 0, js: 0, pwned: 0 });
  expect(dialogs).toEqual([]);
});
