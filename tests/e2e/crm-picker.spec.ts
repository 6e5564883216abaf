import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Frame, Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { CrmProfilesPage } from './pages/crm-profiles.ts';

/**
 * A CRM no bundled profile knows, served under /newcrm/ (the extension's content script is not
 * declared for it): a case table, a same-origin side frame with the product and the chat, and a
 * reply box known only by its accessible label.
 */
const NEW_CRM = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>新一代客服工作台</title>
<style>body{font:13px sans-serif}.kv th{text-align:right;color:#666}iframe{width:420px;height:200px;border:1px solid #ccc}</style></head>
<body><header><span class="user" title="工号 20488">李娜</span></header>
<main class="layout"><section class="case">
<h2>工单 <span id="ticket">NB-2026-000731</span></h2>
<table class="kv"><tr><th>客户姓名</th><td class="cust-name">陈晓东</td></tr>
<tr><th>客户号</th><td data-field="cif">CIF4401239876</td></tr>
<tr><th>渠道</th><td><select name="channel"><option value="phone" selected>电话</option><option value="chat">在线</option></select></td></tr>
<tr><th>备用</th><td><span></span></td></tr></table></section>
<iframe id="side" src="side.html"></iframe>
<div><textarea aria-label="回复客户" class="composer" rows="3"></textarea></div></main></body></html>`;

const SIDE = `<!doctype html><html><head><meta charset="utf-8"></head><body>
<div class="product-box">业务：<span class="product">信用卡账单分期</span></div>
<ul id="log"><li class="msg" data-from="client"><p class="t">我想把这个月的信用卡账单分期</p></li>
<li class="msg" data-from="staff"><p class="t">好的，请您稍等，我来为您查询</p></li></ul></body></html>`;

async function serveNewCrm(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => url.pathname.startsWith('/newcrm/'),
    (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: route.request().url().includes('side.html') ? SIDE : NEW_CRM,
      }),
  );
}

const sideFrame = (crm: Page): Frame => crm.frames().find((f) => f.url().includes('side.html'))!;

test.describe('CRM profiles in the options page', () => {
  test('import refuses an invalid profile with the path of every error, then imports, edits, exports and deletes', async ({
    context,
    extensionId,
  }) => {
    const options = await new CrmProfilesPage(await context.newPage(), extensionId).open();
    // Every bundled profile is listed.
    const bundled = readdirSync(resolve(import.meta.dirname, '../../knowledge/profiles'));
    await expect(options.rows('bundled')).toHaveCount(
      bundled.filter((f) => f.endsWith('.json')).length,
    );
    await expect(options.row('demo-legacy', 'bundled')).toBeVisible();

    await options.importJson(
      'bad.json',
      JSON.stringify({ id: 'a b', name: '', matches: ['crm.local'], fields: { caseId: {} } }),
    );
    await expect(options.page.locator('.errors li')).not.toHaveCount(0);
    expect(await options.errorPaths()).toEqual(
      expect.arrayContaining(['id', 'name', 'matches[0]', 'fields.caseId.selector']),
    );
    await expect(options.rows('user')).toHaveCount(0);

    // Well-formed, but a selector the browser cannot parse.
    const profile = {
      id: 'acme-crm',
      name: 'ACME CRM',
      matches: ['https://crm.acme.example/*'],
      fields: { caseId: { selector: ['#ticketNo', 'td[data-x='] } },
    };
    await options.importJson('css.json', JSON.stringify(profile));
    await expect.poll(() => options.errorPaths()).toEqual(['fields.caseId.selector[1]']);

    profile.fields.caseId.selector = ['#ticketNo', 'td[data-x=case]'];
    await options.importJson('acme.json', JSON.stringify(profile));
    const row = options.row('acme-crm', 'user');
    await expect(row).toContainText('ACME CRM');
    await expect(options.page.locator('.errors')).toHaveCount(0);
    // A new origin: the extension may not read it until the trainer grants access.
    await expect(options.action('grant', row)).toBeVisible();

    // Export gives back the profile.
    const [download] = await Promise.all([
      options.page.waitForEvent('download'),
      options.action('export', row).click(),
    ]);
    expect(download.suggestedFilename()).toBe('acme-crm.json');
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as unknown;
    expect(exported).toEqual(profile);

    // Edit: broken JSON cannot be saved, the fixed one is.
    await options.action('edit', row).click();
    const text = await options.editor.inputValue();
    await options.editor.fill(text.replace('"ACME CRM"', '"ACME CRM", "matches": 3,'));
    await expect(options.page.locator('.errors li')).not.toHaveCount(0);
    await expect(options.action('save')).toBeDisabled();
    await options.editor.fill(text.replace('"ACME CRM"', '"ACME 客服系统"'));
    await expect(options.action('save')).toBeEnabled();
    await options.action('save').click();
    await expect(options.row('acme-crm', 'user')).toContainText('ACME 客服系统');

    // Editing a bundled profile saves the trainer's copy in its place.
    await options.action('edit', options.row('demo-spa')).click();
    const spa = await options.editor.inputValue();
    await options.editor.fill(spa.replace(/"name": "[^"]*"/, '"name": "SPA (ours)"'));
    await options.action('save').click();
    await expect(options.row('demo-spa', 'user')).toContainText('SPA (ours)');
    await expect(options.row('demo-spa', 'bundled')).toHaveCount(0);

    options.page.on('dialog', (d) => void d.accept());
    await options.action('delete', options.row('acme-crm')).click();
    await expect(options.row('acme-crm')).toHaveCount(0);
    await options.action('delete', options.row('demo-spa', 'user')).click();
    await expect(options.row('demo-spa', 'bundled')).toBeVisible();
  });

  test('the picker maps a CRM the extension has never seen, and the sidebar then reads it', async ({
    context,
    extensionId,
    server,
    openCrm,
  }) => {
    await serveNewCrm(context);
    const crm = await context.newPage();
    await crm.goto(new URL('/newcrm/index.html', server.url).href);
    await expect.poll(() => sideFrame(crm)?.locator('#log li').count()).toBe(2);

    const options = await new CrmProfilesPage(await context.newPage(), extensionId).open();
    await options.action('new-map').click();
    await options.chooseTab('/newcrm/');
    await options.page.locator('input[data-role="profile-id"]').fill('newcrm');
    await options.page.locator('input[data-role="profile-name"]').fill('新一代客服工作台');
    await options.page.locator('textarea[data-role="matches"]').fill('http://127.0.0.1/newcrm/*');
    // Loopback is already readable (the bundled profiles' host): no prompt needed here.
    await expect(options.page.locator('[data-access]')).toHaveAttribute('data-access', 'granted');

    const pick = async (target: string, click: () => Promise<void>): Promise<void> => {
      await options.action('pick', options.target(target)).click();
      await expect(options.action('pick', options.target(target))).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      await click();
      await expect(options.result(target)).toHaveAttribute('data-status', 'ok');
    };
    await pick('caseId', () => crm.click('#ticket'));
    await pick('customerName', () => crm.click('td.cust-name'));
    await pick('customerId', () => crm.click('td[data-field="cif"]'));
    await pick('channel', () => crm.click('select[name="channel"]'));
    await pick('product', () => sideFrame(crm).click('span.product'));
    await pick('reply', () => crm.click('textarea.composer'));
    await pick('transcript.turn', () => sideFrame(crm).click('#log li >> nth=1'));

    // What each field reads, from whichever frame holds it.
    await expect(options.result('caseId')).toHaveAttribute('data-value', 'NB-2026-000731');
    await expect(options.result('customerName')).toHaveAttribute('data-value', '陈晓东');
    await expect(options.result('channel')).toHaveAttribute('data-value', 'phone');
    await expect(options.result('product')).toHaveAttribute('data-value', '信用卡账单分期');
    await expect(options.result('product').locator('li[data-frame*="side.html"]')).toContainText(
      '信用卡账单分期',
    );
    // Robust selectors: id, name, data-*, label; no positional chain where those exist.
    await expect(options.selector('caseId')).toHaveValue(/^#ticket$/m);
    await expect(options.selector('channel')).toHaveValue(/select\[name="channel"\]/);
    await expect(options.selector('customerId')).toHaveValue(/\[data-field="cif"\]/);
    await expect(options.selector('reply')).toHaveValue(/aria-label="回复客户"/);
    for (const t of ['caseId', 'customerName', 'customerId', 'channel', 'reply'])
      await expect(options.selector(t)).not.toHaveValue(/nth-(child|of-type)/);
    // The page did not react to the clicks: nothing was selected or typed.
    await expect(crm.locator('textarea.composer')).toHaveValue('');

    // A selector that matches nothing is shown as broken.
    await options.selector('customerName').fill('td.customer-name-old');
    await options.selector('customerName').blur();
    await options.action('test').click();
    await expect(options.result('customerName')).toHaveAttribute('data-status', 'missing');
    await expect(options.result('customerName')).toHaveClass(/broken/);
    await options.selector('customerName').fill('td.cust-name');
    await options.selector('customerName').blur();
    await options.action('test').click();
    await expect(options.result('customerName')).toHaveAttribute('data-status', 'ok');

    await options.action('save-profile').click();
    await expect(options.row('newcrm', 'user')).toBeVisible();

    // The content script is now registered for the new CRM: a fresh tab is read from the profile.
    await crm.close(); // the tab that was open before the profile existed
    const { sidebar } = await openCrm('/newcrm/index.html');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'NB-2026-000731');
    await expect(sidebar.field('customerName')).toHaveAttribute('data-value', '陈晓东');
    await expect(sidebar.field('customerId')).toHaveAttribute('data-value', 'CIF4401239876');
    await expect(sidebar.field('channel')).toHaveAttribute('data-value', 'phone');
    await expect(sidebar.field('product')).toHaveAttribute('data-value', '信用卡账单分期');
    await expect
      .poll(() => sidebar.turns())
      .toEqual([
        ['customer', '我想把这个月的信用卡账单分期'],
        ['agent', '好的，请您稍等，我来为您查询'],
      ]);
  });
});
