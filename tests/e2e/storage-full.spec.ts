/**
 * A full disk or full extension storage: the agent is told in their language, the case goes on,
 * nothing saved is lost.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { GREETING, SpaCrm, greetCase } from './pages/crm.ts';
import { Console } from './pages/options.ts';

const MESSAGES = Object.fromEntries(
  (['zh_CN', 'en'] as const).map((l) => [
    l,
    JSON.parse(
      readFileSync(
        resolve(import.meta.dirname, `../../public/_locales/${l}/messages.json`),
        'utf8',
      ),
    ) as Record<string, { message: string }>,
  ]),
) as Record<'zh_CN' | 'en', Record<string, { message: string }>>;

/** The case ids of the stored records, read straight from the extension's database. */
function storedRecords(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('sop-copilot');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('records')) return (db.close(), resolve([]));
          const all = db.transaction('records').objectStore('records').getAll();
          all.onsuccess = () => (
            db.close(),
            resolve((all.result as { caseId: string }[]).map((r) => r.caseId))
          );
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/**
 * Writes a little into a probe database of the page's origin: `ok`, or the error's name. While
 * writes succeed, Chrome checks an origin's room against a cached figure it refreshes about
 * every 30 seconds, so a lowered quota is in force only once a probe is refused.
 */
function probeWrite(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open('quota-probe');
        open.onupgradeneeded = () =>
          open.result.createObjectStore('probe', { autoIncrement: true });
        open.onerror = () => resolve(open.error?.name ?? 'error');
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('probe', 'readwrite');
          tx.objectStore('probe').add('x'.repeat(1024));
          tx.oncomplete = () => (db.close(), resolve('ok'));
          tx.onabort = () => (db.close(), resolve(tx.error?.name ?? 'aborted'));
        };
      }),
  );
}

test('storage full: the agent is told in their language, the sidebar keeps working, saved records stay', async ({
  openCrm,
  context,
  extensionId,
}) => {
  // Up to half a minute of it is the browser noticing the lowered quota (see probeWrite).
  test.setTimeout(120_000);
  const zh = MESSAGES.zh_CN;
  const en = MESSAGES.en;
  const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
  const crm = new SpaCrm(page);
  await crm.openCase('GD202611290415');
  await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290415');
  const toast = sidebar.page.locator('.toast[role="status"]');
  // Ending with the record step open offers the case summary first; these cases end without it.
  const endCase = {
    click: async (m: typeof zh = zh) => {
      await sidebar.page.getByRole('button', { name: m.endCase!.message }).click();
      await sidebar.page.getByRole('button', { name: m.summaryEndWithout!.message }).click();
    },
  };

  // A first case is worked and ended while there is room: its record is stored.
  await crm.agentSays(GREETING);
  await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');
  await endCase.click();
  await expect(toast).toHaveText(zh.caseEnded!.message);
  await expect.poll(() => storedRecords(sidebar.page)).toEqual(['GD202611290415']);

  // The disk fills up: the browser grants the extension's origin no more space.
  const origin = `chrome-extension://${extensionId}`;
  const cdp = await context.newCDPSession(sidebar.page);
  expect(await probeWrite(sidebar.page)).toBe('ok');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
  await expect
    .poll(() => probeWrite(sidebar.page), { timeout: 60_000, intervals: [1_000] })
    .toBe('QuotaExceededError');

  // The next case is worked and ended: not stored, and the agent is told why, in Chinese.
  await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'false');
  await crm.agentSays(GREETING);
  await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');
  await endCase.click();
  await expect(toast).toHaveText(zh.storageFull!.message);
  await expect(toast).toHaveClass(/error/);
  // A lasting notice, not only the toast that fades.
  await expect(sidebar.alert('storage-full')).toHaveText(zh.storageFull!.message);
  // What was saved before is untouched.
  expect(await storedRecords(sidebar.page)).toEqual(['GD202611290415']);

  // A knowledge-gap report meets the same full disk and says so.
  const gap = await sidebar.page.evaluate(() =>
    (
      globalThis as unknown as {
        chrome: { runtime: { sendMessage(m: object): Promise<unknown> } };
      }
    ).chrome.runtime.sendMessage({ type: 'gap/report', payload: { note: 'disk full test' } }),
  );
  expect(gap).toEqual({ saved: false, error: 'storage-full' });

  // The sidebar keeps working: new turns are read, steps tick, search answers.
  await crm.customerSays('另外帮我查一下我卡里还有多少余额？');
  await expect
    .poll(async () => (await sidebar.turns()).map(([, t]) => t))
    .toContain('另外帮我查一下我卡里还有多少余额？');
  await crm.agentSays('好的，您的身份信息核实通过，感谢您的配合。');
  await expect(sidebar.step('verify_identity')).toHaveAttribute('aria-checked', 'true');
  await sidebar.search.fill('挂失');
  await expect(sidebar.page.locator('#search-results [data-suggestion]').first()).toBeVisible({
    timeout: 10_000,
  });
  await sidebar.search.fill('');

  // In English, the same notice in English.
  await sidebar.page.evaluate(() =>
    (
      globalThis as unknown as {
        chrome: { runtime: { sendMessage(m: object): Promise<unknown> } };
      }
    ).chrome.runtime.sendMessage({ type: 'settings/set', payload: { language: 'en' } }),
  );
  await expect(sidebar.alert('storage-full')).toHaveText(en.storageFull!.message);

  // Space again: the next record is stored, the notice goes, and both records are there.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await expect
    .poll(() => probeWrite(sidebar.page), { timeout: 20_000, intervals: [1_000] })
    .toBe('ok');
  await cdp.detach();
  await endCase.click(en);
  await expect(toast).toHaveText(en.caseEnded!.message);
  await expect(sidebar.alert('storage-full')).toHaveCount(0);
  expect((await storedRecords(sidebar.page)).sort()).toEqual(['GD202611290415', 'GD202611290415']);
  // Ending a case in which nothing was done stores nothing, and is not reported as a full disk.
  await expect(toast).toHaveCount(0, { timeout: 10_000 });
  await endCase.click(en);
  await expect(toast).toHaveText(en.caseEndedNoRecord!.message);
  expect(await storedRecords(sidebar.page)).toHaveLength(2);
});

/**
 * Fills an extension storage area until at most `room` bytes are left (or, with `room`
 * null, empties the filler again). Runs in one of our pages.
 */
function fillStorage(page: Page, area: 'local' | 'session', room: number | null) {
  return page.evaluate(
    async ([name, left]) => {
      type Area = {
        QUOTA_BYTES: number;
        getBytesInUse(keys: null): Promise<number>;
        set(items: object): Promise<void>;
        remove(key: string): Promise<void>;
      };
      const store = (globalThis as unknown as { chrome: { storage: Record<string, Area> } }).chrome
        .storage[name]!;
      if (left === null) return store.remove('filler');
      const used = await store.getBytesInUse(null);
      // A value counts as its JSON plus its key.
      const size = store.QUOTA_BYTES - used - left - 'filler'.length - 2;
      await store.set({ filler: 'x'.repeat(size) });
      const after = store.QUOTA_BYTES - (await store.getBytesInUse(null));
      if (after < 0 || after > left) throw new Error(`left ${after} bytes`);
    },
    [area, room] as const,
  );
}

test('extension storage full: the case goes on in memory, a settings change or pack install is refused with a message', async ({
  openCrm,
  context,
  extensionId,
}) => {
  const zh = MESSAGES.zh_CN;
  const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
  const crm = new SpaCrm(page);
  await greetCase(crm, sidebar, 'GD202611290415');

  // Session storage (where the case state lives) has no room for a longer transcript.
  await fillStorage(sidebar.page, 'session', 64);
  const long = `另外帮我查一下我卡里还有多少余额？${'麻烦了'.repeat(150)}`;
  await crm.customerSays(long);
  await expect(sidebar.alert('storage-full')).toHaveText(zh.storageFull!.message);
  // The sidebar still follows the case: the turn shows, a step ticks, the earlier tick stays.
  await expect.poll(async () => (await sidebar.turns()).map(([, t]) => t)).toContain(long);
  await crm.agentSays('好的，您的身份信息核实通过，感谢您的配合。');
  await expect(sidebar.step('verify_identity')).toHaveAttribute('aria-checked', 'true');
  await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');

  // Room again: the next change is stored and the notice goes.
  await fillStorage(sidebar.page, 'session', null);
  await crm.customerSays('谢谢');
  await expect(sidebar.alert('storage-full')).toHaveCount(0);
  await expect.poll(async () => (await sidebar.turns()).map(([, t]) => t)).toContain('谢谢');

  // Local storage (settings) full: switching the language is refused and the agent told so.
  await fillStorage(sidebar.page, 'local', 16);
  await sidebar.page.getByRole('combobox', { name: zh.language!.message }).selectOption('en');
  await expect(sidebar.page.locator('.toast[role="status"]')).toHaveText(zh.storageFull!.message);
  await expect(sidebar.page.getByRole('button', { name: zh.endCase!.message })).toBeVisible();

  // A trainer installing a pack meets the same full area: told so, the packs as they were.
  const con = new Console(await context.newPage());
  await con.open(extensionId, 'packs');
  const tiny = {
    schemaVersion: 1,
    id: 'tiny-pack',
    name: '小包',
    locale: 'zh-CN',
    version: '1',
    articles: [{ id: 'kb-tiny', title: '小知识', questions: ['小知识是什么'], answer: '一段答案' }],
  };
  await con.page.locator('input[type="file"][name="pack-file"]').setInputFiles({
    name: 'tiny.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(tiny)),
  });
  await con.installImported();
  await expect(con.page.locator('[data-alert="install-failed"]')).toHaveText(
    zh.conInstallStorageFull!.message,
  );
  await expect(con.pack('tiny-pack')).toHaveCount(0);

  // Room again: the same install goes through.
  await fillStorage(sidebar.page, 'local', null);
  await con.installImported();
  await expect(con.pack('tiny-pack')).toBeVisible();
  await expect(con.page.locator('[data-alert="install-failed"]')).toHaveCount(0);
});
