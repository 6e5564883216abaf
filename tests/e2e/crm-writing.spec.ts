import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import type { Sidebar } from './pages/sidebar.ts';

/** Asks the background, as the sidebar does, to insert a script into the tab's reply box. */
async function insert(sidebar: Sidebar, crm: Page, text: string): Promise<unknown> {
  const tabId = Number(new URL(sidebar.page.url()).searchParams.get('tab'));
  expect(tabId, 'the sidebar is bound to the CRM tab').toBeGreaterThan(0);
  void crm; // the CRM tab is the one the sidebar is bound to
  return sidebar.page.evaluate(
    ([id, t]) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: object): Promise<unknown> } };
        }
      ).chrome.runtime.sendMessage({ type: 'reply/insert', payload: { tabId: id, text: t } }),
    [tabId, text] as const,
  );
}

/** Waits until the background knows the tab's reply box (the first report arrived). */
async function ready(sidebar: Sidebar): Promise<void> {
  await expect(sidebar.field('caseId')).toHaveAttribute('data-value', /\S/);
}

test.describe('writing into the CRM reply box', () => {
  test('legacy textarea: scripts go in at the caret, one after another, the draft kept', async ({
    openCrm,
  }) => {
    const { crm, sidebar } = await openCrm('/crm/legacy/index.html');
    await ready(sidebar);
    const reply = crm.locator('#reply');
    await reply.fill('您好，，祝您生活愉快。');
    // The agent puts the caret after "您好，" and then turns to the sidebar.
    await reply.evaluate((el: HTMLTextAreaElement) => {
      el.focus();
      el.setSelectionRange(3, 3);
      el.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true }));
    });
    await crm.locator('#ticketNotes').focus();

    expect(await insert(sidebar, crm, '请问您是本人吗？')).toEqual({ ok: true });
    await expect(reply).toHaveValue('您好，请问您是本人吗？，祝您生活愉快。');
    expect(await insert(sidebar, crm, '我来为您查询。')).toEqual({ ok: true });
    await expect(reply).toHaveValue('您好，请问您是本人吗？我来为您查询。，祝您生活愉快。');

    // What the page sends is what was inserted.
    await crm.click('input[value="发 送"]');
    await expect
      .poll(async () => (await sidebar.turns()).at(-1))
      .toEqual(['agent', '您好，请问您是本人吗？我来为您查询。，祝您生活愉快。']);
  });

  test('framework-controlled textarea: the page state holds the inserted text', async ({
    openCrm,
  }) => {
    const { crm, sidebar } = await openCrm('/crm/controlled/index.html');
    await ready(sidebar);
    expect(await insert(sidebar, crm, '您好，')).toEqual({ ok: true });
    expect(await insert(sidebar, crm, '我们已收到您的投诉。')).toEqual({ ok: true });
    const expected = '您好，我们已收到您的投诉。';
    // The page re-renders from its own store every frame: the text survives only if the store has it.
    await crm.waitForTimeout(300);
    await expect(crm.locator('#draft')).toHaveValue(expected);
    await expect(crm.locator('#charCount')).toHaveAttribute(
      'data-length',
      String(Array.from(expected).length),
    );
    await expect(crm.locator('#sendBtn')).toBeEnabled();
    expect(
      await crm.evaluate(
        () => (window as unknown as { demo: { state: { draft: string } } }).demo.state.draft,
      ),
    ).toBe(expected);
  });

  test('contenteditable editor: the text lands at the end of the draft, twice', async ({
    openCrm,
  }) => {
    const { crm, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    await ready(sidebar);
    const editor = crm.locator('#composer');
    await editor.click();
    await crm.keyboard.type('Hello');
    await crm.locator('body').click({ position: { x: 5, y: 5 } });
    expect(await insert(sidebar, crm, '您好，')).toEqual({ ok: true });
    expect(await insert(sidebar, crm, '请稍等。')).toEqual({ ok: true });
    await expect(editor).toHaveText('Hello 您好，请稍等。');
  });

  test('reply box in a cross-origin frame: an input in the chat service frame', async ({
    openCrm,
  }) => {
    const { crm, sidebar } = await openCrm('/crm/crossorigin/index.html');
    await ready(sidebar);
    await expect.poll(async () => (await sidebar.turns()).length).toBeGreaterThan(0);
    const chat = crm.frameLocator('#chatFrame');
    await chat.locator('#msgInput').fill('好的');
    expect(await insert(sidebar, crm, 'please hold on')).toEqual({ ok: true });
    await expect(chat.locator('#msgInput')).toHaveValue('好的please hold on');
    await chat.locator('#msgInput').press('Enter');
    await expect
      .poll(async () => (await sidebar.turns()).at(-1))
      .toEqual(['agent', '好的please hold on']);
  });
});

test.describe('inline warning next to the reply box', () => {
  test('a violating draft shows the alert beside the box, text only, and goes when clean', async ({
    openCrm,
  }) => {
    const { crm, sidebar } = await openCrm('/crm/legacy/index.html');
    await ready(sidebar);
    const before = await crm.locator('#reply').evaluate((el) => getComputedStyle(el).cssText);
    await crm.locator('#reply').pressSequentially('这款理财保本保收益，您放心买', { delay: 10 });

    const warning = crm.locator('sop-copilot-warning');
    const item = warning.locator('[role="alert"]').first();
    await expect(item).toBeVisible();
    const kind = await item.getAttribute('data-alert');
    expect(kind).toBeTruthy();
    // It mirrors the sidebar: the same alert there, the matched words and what to say instead here.
    await expect(sidebar.alert(kind!)).toBeVisible();
    await expect(item.locator('mark')).not.toBeEmpty();
    await expect(item.locator('.instead')).toContainText(/\S/);
    const title = await item.locator('.title').textContent();
    await expect(sidebar.alert(kind!).first()).toContainText(title!);
    // Sits right after the reply box, in its own shadow root; the CRM's box is not restyled.
    expect(
      await crm.evaluate(() =>
        document.querySelector('#reply')?.nextElementSibling?.tagName.toLowerCase(),
      ),
    ).toBe('sop-copilot-warning');
    expect(await warning.evaluate((el) => el.shadowRoot !== null)).toBe(true);
    expect(await crm.locator('#reply').evaluate((el) => getComputedStyle(el).cssText)).toBe(before);

    await crm.locator('#reply').fill('请问您是本人吗？');
    await expect(warning).toHaveCount(0);
    await expect(sidebar.alert(kind!)).toHaveCount(0);
  });

  test('a pasted draft (one input event, no keystroke) is checked like a typed one', async ({
    openCrm,
  }) => {
    const { crm, sidebar } = await openCrm('/crm/legacy/index.html');
    await ready(sidebar);
    const reply = crm.locator('#reply');
    // Counts what reaches the box: a paste is one input event and no key at all.
    await reply.evaluate((el) => {
      const seen = { input: 0, key: 0 };
      el.addEventListener('input', () => seen.input++);
      el.addEventListener('keydown', () => seen.key++);
      (window as unknown as { seen: typeof seen }).seen = seen;
    });
    const seen = () =>
      crm.evaluate(() => (window as unknown as { seen: { input: number; key: number } }).seen);
    const warning = crm.locator('sop-copilot-warning [role="alert"]').first();

    // Playwright's fill: the whole text set at once, one input event.
    await reply.fill('这款理财保本保收益，您放心买');
    expect(await seen()).toEqual({ input: 1, key: 0 });
    await expect(warning).toBeVisible();
    const kind = await warning.getAttribute('data-alert');
    expect(kind).toBeTruthy();
    await expect(sidebar.alert(kind!)).toBeVisible();

    // Cleared (Playwright presses Delete for that), then the shape of a real paste: a paste event, the value set, one input event
    // of type insertFromPaste.
    await reply.fill('');
    await expect(sidebar.alert(kind!)).toHaveCount(0);
    await expect(crm.locator('sop-copilot-warning')).toHaveCount(0);
    const before = await seen();
    await reply.evaluate((el: HTMLTextAreaElement) => {
      const text = '这款理财保本保收益，稳赚不赔';
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.focus();
      el.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, clipboardData: data }));
      el.value = text;
      el.dispatchEvent(
        new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: null }),
      );
    });
    expect(await seen()).toEqual({ input: before.input + 1, key: before.key });
    await expect(warning).toBeVisible();
    await expect(sidebar.alert(kind!)).toBeVisible();
  });

  test('nothing is checked or shown in the middle of an IME composition', async ({ openCrm }) => {
    const { crm, sidebar } = await openCrm('/crm/legacy/index.html');
    await ready(sidebar);
    const reply = crm.locator('#reply');
    await reply.focus();
    // Composition started: the text is in the box but the IME has not committed it.
    await reply.evaluate((el: HTMLTextAreaElement) => {
      el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
      el.value = '这款理财保本保收益';
      el.dispatchEvent(
        new InputEvent('input', {
          bubbles: true,
          isComposing: true,
          inputType: 'insertCompositionText',
        }),
      );
    });
    await crm.waitForTimeout(700);
    await expect(crm.locator('sop-copilot-warning')).toHaveCount(0);
    // Committed: now it is checked.
    await reply.evaluate((el: HTMLTextAreaElement) => {
      el.dispatchEvent(
        new CompositionEvent('compositionend', { bubbles: true, data: '保本保收益' }),
      );
    });
    await expect(crm.locator('sop-copilot-warning [role="alert"]').first()).toBeVisible();
  });
});

test.describe('following page changes', () => {
  test('a field the page removes shows as not found, not with its old value', async ({
    openCrm,
  }) => {
    const { crm, sidebar } = await openCrm('/crm/legacy/index.html');
    await expect(sidebar.field('customerName')).toHaveAttribute('data-value', '张伟明');
    await crm.evaluate(() => document.querySelector('td.custname')?.remove());
    await expect(sidebar.field('customerName')).toHaveAttribute('data-status', 'missing');
    await expect(sidebar.field('customerName')).toHaveAttribute('data-value', '');
    // The rest of the case is still read.
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290387');
  });

  test('a page that re-renders its case area with a new layout loses the field, keeps the rest', async ({
    openCrm,
  }) => {
    const { crm, sidebar } = await openCrm('/crm/rerender/index.html?every=300');
    await expect(sidebar.field('product')).toHaveAttribute('data-value', '借记卡挂失');
    // The re-rendered area keeps coming back with the same content: still read, no flicker to missing.
    await crm.waitForTimeout(800);
    await expect(sidebar.field('product')).toHaveAttribute('data-status', 'ok');
    // A new layout without the product cell (as after a CRM upgrade).
    await crm.evaluate(() => {
      const area = document.getElementById('caseArea')!;
      new MutationObserver(() => area.querySelector('dd.v-product')?.remove()).observe(area, {
        childList: true,
        subtree: true,
      });
      area.querySelector('dd.v-product')?.remove();
    });
    await expect(sidebar.field('product')).toHaveAttribute('data-status', 'missing');
    await expect(sidebar.field('product')).toHaveAttribute('data-value', '');
    await expect(sidebar.field('customerName')).toHaveAttribute('data-value', '林雪');
  });
});
