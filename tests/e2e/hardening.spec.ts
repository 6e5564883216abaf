/**
 * Hardening over the built extension: who may talk to the background, hostile CRM content shown
 * as text, a stopped service worker, several CRM tabs at once. The CRM layout changing under the
 * sidebar ("field not found", not stale values) is covered in crm-writing.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { GREETING, SpaCrm, greetCase } from './pages/crm.ts';
import { Console } from './pages/options.ts';
import type { Sidebar } from './pages/sidebar.ts';

const HOSTILE = [
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '<script>window.__pwned=1</script>',
  '<a href="javascript:alert(1)">click</a>',
];

/** Runs code in our content script's isolated world of a CRM page (found through CDP). */
async function inContentScript(
  page: Page,
  extensionId: string,
  expression: string,
): Promise<unknown> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) =>
    contexts.push(e.context),
  );
  await cdp.send('Runtime.enable');
  const world = contexts.find(
    (c) => c.origin === `chrome-extension://${extensionId}` && c.auxData?.type === 'isolated',
  );
  expect(world, 'the content script world').toBeDefined();
  const r = (await cdp.send('Runtime.evaluate', {
    expression,
    contextId: world!.id,
    awaitPromise: true,
    returnByValue: true,
  })) as { result: { value?: unknown } };
  await cdp.detach();
  return r.result.value;
}

/** Sends a protocol message and returns its answer or the refusal text. */
const SEND = (type: string, payload: unknown) =>
  `chrome.runtime.sendMessage(${JSON.stringify({ type, payload })}).then((r) => ({ ok: true, r }), (e) => ({ ok: false, error: String(e && e.message || e) }))`;

test.describe('isolation: only our own pages and content scripts are heard', () => {
  test('the CRM page itself cannot reach the extension', async ({ openCrm, extensionId }) => {
    const { crm } = await openCrm('/crm/spa/index.html?auto=0');
    const attempts = await crm.evaluate(async (id) => {
      const out: string[] = [];
      const c = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome;
      const send = c?.runtime?.sendMessage as
        ((id: string, m: unknown) => Promise<unknown>) | undefined;
      if (typeof send !== 'function') out.push('no sendMessage');
      else
        try {
          const r = await send(id, { type: 'session/get', payload: { tabId: 1 } });
          out.push(`answered ${JSON.stringify(r)}`);
        } catch {
          out.push('refused');
        }
      // A window message is not a channel to the extension either: nothing answers it.
      const heard: unknown[] = [];
      window.addEventListener('message', (e) => heard.push(e.data));
      window.postMessage({ type: 'session/get', payload: { tabId: 1 } }, '*');
      window.postMessage({ type: 'settings/set', payload: { agentId: 'evil' } }, '*');
      await new Promise((r) => setTimeout(r, 500));
      out.push(`messages ${heard.length}`);
      return out;
    }, extensionId);
    expect(attempts[0]).not.toMatch(/^answered/);
    // Only the two messages the page posted itself.
    expect(attempts[1]).toBe('messages 2');
  });

  test('a content script is refused the sidebar’s messages, and a page the content script’s', async ({
    openCrm,
    extensionId,
  }) => {
    const { crm, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', /GD/);
    const tabId = Number(new URL(sidebar.page.url()).searchParams.get('tab'));

    // From our content script: reading a session or changing settings is refused.
    const get = (await inContentScript(crm, extensionId, SEND('session/get', { tabId }))) as {
      ok: boolean;
      error?: string;
    };
    expect(get.ok).toBe(false);
    expect(get.error).toMatch(/refused "session\/get" from content/);
    const set = (await inContentScript(
      crm,
      extensionId,
      SEND('settings/set', { agentId: 'evil' }),
    )) as { ok: boolean; error?: string };
    expect(set.ok).toBe(false);
    expect(set.error).toMatch(/refused/);

    // From the sidebar (an extension page): a content-script message is refused, its own is not.
    const fromPage = (type: string, payload: unknown) =>
      sidebar.page.evaluate(
        ([t, p]) =>
          (
            globalThis as unknown as {
              chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
            }
          ).chrome.runtime
            .sendMessage({ type: t, payload: p })
            .then(
              (r) => ({ ok: true, r, error: '' }),
              (e: unknown) => ({ ok: false, error: String((e as Error)?.message ?? e) }),
            ),
        [type, payload] as const,
      );
    const draft = await fromPage('crm/draft', { text: '保本保收益' });
    expect(draft.ok).toBe(false);
    expect(draft.error).toMatch(/refused "crm\/draft" from extension-page/);
    const own = await fromPage('session/get', { tabId });
    expect(own.ok).toBe(true);
  });
});

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
async function watchWorker(page: Page, extensionId: string) {
  const cdp = await page.context().newCDPSession(page);
  type Version = { scriptURL: string; runningStatus: string; targetId?: string };
  let ours: Version | undefined;
  const seen: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Version[] }) => {
    for (const v of e.versions) {
      if (!v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) continue;
      ours = v;
      if (seen.at(-1) !== v.runningStatus) seen.push(v.runningStatus);
    }
  });
  await cdp.send('ServiceWorker.enable');
  let calls = 0;
  return {
    /** The running status now: `starting`, `running`, `stopping` or `stopped`. */
    status: () => ours?.runningStatus,
    /** Every status it went through, in order, repeats merged. */
    history: () => [...seen],
    stop: () => cdp.send('ServiceWorker.stopAllWorkers'),
    /** Evaluates an expression in the running instance (a debugger session of its own). */
    async evaluate(expression: string): Promise<unknown> {
      expect(ours?.runningStatus, 'a running worker to evaluate in').toBe('running');
      const { sessionId } = (await cdp.send('Target.attachToTarget', {
        targetId: ours!.targetId!,
        flatten: false,
      })) as { sessionId: string };
      const id = ++calls;
      const answer = new Promise<{ result?: { result: { value?: unknown } } }>((resolve) => {
        const onMessage = (e: { sessionId: string; message: string }) => {
          const m = JSON.parse(e.message) as { id?: number };
          if (e.sessionId !== sessionId || m.id !== id) return;
          cdp.off('Target.receivedMessageFromTarget', onMessage);
          resolve(m as never);
        };
        cdp.on('Target.receivedMessageFromTarget', onMessage);
      });
      await cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({
          id,
          method: 'Runtime.evaluate',
          params: { expression, returnByValue: true },
        }),
      });
      const { result } = await answer;
      await cdp.send('Target.detachFromTarget', { sessionId });
      return result?.result.value;
    },
    detach: () => cdp.detach(),
  };
}

test('the service worker stopped mid-case: ticked steps stay ticked, new turns still count', async ({
  openCrm,
  extensionId,
}) => {
  const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
  const crm = new SpaCrm(page);
  await greetCase(crm, sidebar, 'GD202611290415');

  const worker = await watchWorker(sidebar.page, extensionId);
  await expect.poll(worker.status, { timeout: 10_000 }).toBe('running');
  // A mark in the running instance's memory: a restarted worker cannot have it.
  expect(await worker.evaluate('globalThis.beforeStop = true')).toBe(true);

  await worker.stop();
  // The browser itself reports the worker stopped (not a guess from a handle going quiet).
  await expect.poll(worker.status, { timeout: 15_000 }).toBe('stopped');

  // A fresh sidebar asks the worker for the session, which starts it again: the tick is there.
  await sidebar.page.reload();
  await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');
  await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290415');
  await expect.poll(worker.status, { timeout: 15_000 }).toBe('running');
  expect(worker.history()).toEqual(expect.arrayContaining(['running', 'stopped', 'starting']));
  // It really is a new instance: nothing of the old one's memory is left.
  expect(await worker.evaluate('globalThis.beforeStop ?? false')).toBe(false);
  await worker.detach();

  // New turns after the restart are processed.
  await crm.customerSays('另外帮我查一下我卡里还有多少余额？');
  await expect(sidebar.step('verify_identity')).toHaveAttribute('aria-checked', 'false');
  await crm.agentSays('好的，您的身份信息核实通过，感谢您的配合。');
  await expect(sidebar.step('verify_identity')).toHaveAttribute('aria-checked', 'true');
  await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');
});

test('two CRM tabs at once keep separate sessions', async ({ openCrm }) => {
  const a = await openCrm('/crm/spa/index.html?auto=0');
  // A distinct URL: the fixture binds each sidebar to the tab with exactly its URL.
  const b = await openCrm('/crm/spa/index.html?auto=0&tab=b', { startShift: false });
  const crmA = new SpaCrm(a.crm);
  const crmB = new SpaCrm(b.crm);
  const ids = await a.crm.evaluate(
    () => (window as unknown as { demo: { caseIds: string[] } }).demo.caseIds,
  );
  await crmA.openCase(ids[0]!);
  await crmB.openCase(ids[1]!);
  await expect(a.sidebar.field('caseId')).toHaveAttribute('data-value', ids[0]!);
  await expect(b.sidebar.field('caseId')).toHaveAttribute('data-value', ids[1]!);

  await crmA.agentSays(GREETING);
  await expect(a.sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');
  await crmB.customerSays('tab B only');
  await expect
    .poll(async () => (await b.sidebar.turns()).map(([, t]) => t))
    .toContain('tab B only');
  // Neither case sees the other's turns or ticks.
  expect((await a.sidebar.turns()).map(([, t]) => t)).not.toContain('tab B only');
  expect((await b.sidebar.turns()).map(([, t]) => t)).not.toContain(GREETING);
  await expect(b.sidebar.step('greet')).toHaveAttribute('aria-checked', 'false');
});

test('a CRM tab closed mid-case leaves a complete, masked record', async ({ openCrm }) => {
  const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
  const crm = new SpaCrm(page);
  await greetCase(crm, sidebar, 'GD202611290415');
  await crm.customerSays('我的身份证号是330102199001011234，手机13812345678。');
  await crm.writeNotes('客户身份证330102199001011234，手机13812345678，卡号6222021234567890123。');
  await expect(sidebar.step('record')).toHaveAttribute('aria-checked', 'true');

  await page.close();

  // Read straight from the extension's database, as the console would.
  const read = () =>
    sidebar.page.evaluate(
      () =>
        new Promise<unknown[]>((resolve, reject) => {
          const open = indexedDB.open('sop-copilot');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('records')) return resolve([]);
            const all = db.transaction('records').objectStore('records').getAll();
            all.onsuccess = () => (db.close(), resolve(all.result as unknown[]));
            all.onerror = () => reject(all.error);
          };
        }),
    );
  await expect.poll(async () => (await read()).length, { timeout: 10_000 }).toBe(1);
  const [record] = (await read()) as {
    caseId: string;
    endedAt: number;
    startedAt: number;
    steps: { id: string; done: boolean }[];
    notes?: string;
  }[];
  expect(record!.caseId).toBe('GD202611290415');
  expect(record!.endedAt).toBeGreaterThanOrEqual(record!.startedAt);
  expect(record!.steps.find((s) => s.id === 'greet')?.done).toBe(true);
  expect(record!.steps.find((s) => s.id === 'record')?.done).toBe(true);
  expect(record!.notes).toBeTruthy();
  expect(JSON.stringify(record)).not.toMatch(/330102199001011234|13812345678|6222021234567890123/);
});

const HOSTILE_EXTENSION = resolve(import.meta.dirname, '../fixtures/hostile-extension');

/** Everything another party could hope to change: stored settings and state, the case, the database. */
async function observable(sidebar: Sidebar, tabId: number) {
  return sidebar.page.evaluate(async (id) => {
    const api = (
      globalThis as unknown as {
        chrome: {
          storage: { local: { get(k: null): Promise<object> } };
          runtime: { sendMessage(m: object): Promise<Record<string, unknown> | null> };
        };
      }
    ).chrome;
    const count = (store: string) =>
      new Promise<number>((done, fail) => {
        const open = indexedDB.open('sop-copilot');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(store)) return (db.close(), done(0));
          const n = db.transaction(store).objectStore(store).count();
          n.onsuccess = () => (db.close(), done(n.result));
          n.onerror = () => fail(n.error);
        };
      });
    const tab = await api.runtime.sendMessage({ type: 'session/get', payload: { tabId: id } });
    return {
      local: await api.storage.local.get(null),
      case: tab && {
        context: tab.context,
        turns: tab.turns,
        session: tab.session,
        draft: tab.draft,
        draftAlerts: tab.draftAlerts,
        startedAt: tab.startedAt,
      },
      records: await count('records'),
      gaps: await count('gaps'),
    };
  }, tabId);
}

test.describe('another extension installed alongside ours', () => {
  test.use({ alongside: [HOSTILE_EXTENSION] });

  test('its messages and ports to our id, and a web page’s, are refused: nothing changes', async ({
    openCrm,
    context,
    extensionId,
  }) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await greetCase(crm, sidebar, 'GD202611290415');
    const tabId = Number(new URL(sidebar.page.url()).searchParams.get('tab'));
    const before = await observable(sidebar, tabId);
    expect(before.case?.turns).toContainEqual(
      expect.objectContaining({ speaker: 'agent', text: GREETING }),
    );

    // Our own message types, as the other extension could learn them from our package.
    const messages = [
      { type: 'settings/set', payload: { agentId: 'evil', retentionDays: 1 } },
      { type: 'session/get', payload: { tabId } },
      { type: 'session/tick', payload: { tabId, stepId: 'greet', done: false } },
      { type: 'crm/draft', payload: { text: '保本保收益' } },
      {
        type: 'crm/report',
        payload: {
          url: page.url(),
          reading: {
            fields: {},
            transcript: [{ speaker: 'customer', text: 'forged turn' }],
            hasReply: true,
          },
        },
      },
      { type: 'reply/insert', payload: { tabId, text: 'forged reply' } },
      { type: 'gap/report', payload: { note: 'forged gap' } },
      {
        type: 'commitment/add',
        payload: { caseId: 'GD202611290415', text: 'forged', dueAt: Date.now() + 60_000 },
      },
      { type: 'case/end', payload: { tabId } },
    ];
    const isHostile = (w: { url(): string }) => new URL(w.url()).host !== extensionId;
    const hostile =
      context.serviceWorkers().find(isHostile) ??
      (await context.waitForEvent('serviceworker', { predicate: isHostile, timeout: 10_000 }));
    type Attempt = { type: string; answered: boolean; error?: string };
    const result = (await hostile.evaluate(
      ([id, m]) =>
        (globalThis as unknown as { attack(id: string, m: unknown[]): Promise<unknown> }).attack(
          id,
          m,
        ),
      [extensionId, messages] as const,
    )) as {
      sent: Attempt[];
      port: { connected: boolean; disconnected?: boolean; error?: string; heard: unknown[] };
    };
    expect(result.sent.map((a) => a.type)).toEqual(messages.map((m) => m.type));
    for (const attempt of result.sent)
      expect(attempt, attempt.type).toMatchObject({ answered: false });
    // A port to us is closed at once, unheard.
    expect(result.port).toMatchObject({ disconnected: true, heard: [] });
    expect(result.port.error).toBeTruthy();

    // A CRM page: the other extension's manifest gives it chrome.runtime, but not a way to us.
    const fromPage = await page.evaluate(
      async ([id, m]) => {
        const runtime = (
          globalThis as unknown as {
            chrome?: {
              runtime?: {
                sendMessage?(id: string, m: unknown): Promise<unknown>;
                connect?(id: string): {
                  postMessage(m: unknown): void;
                  onDisconnect: { addListener(f: () => void): void };
                };
              };
            };
          }
        ).chrome?.runtime;
        const out: string[] = [];
        if (typeof runtime?.sendMessage !== 'function') return ['no runtime'];
        for (const message of m) {
          try {
            out.push(`answered ${JSON.stringify(await runtime.sendMessage(id, message))}`);
          } catch {
            out.push('refused');
          }
        }
        try {
          const port = runtime.connect!(id);
          const closed = new Promise<void>((done) => port.onDisconnect.addListener(done));
          for (const message of m) port.postMessage(message);
          await closed;
          out.push('port closed');
        } catch {
          out.push('port refused');
        }
        return out;
      },
      [extensionId, messages] as const,
    );
    expect(fromPage).toHaveLength(messages.length + 1);
    expect(fromPage.slice(0, -1)).toEqual(messages.map(() => 'refused'));
    expect(fromPage.at(-1)).toMatch(/^port (closed|refused)$/);

    // Nothing changed: settings, the case, the reply box, the database.
    expect(await observable(sidebar, tabId)).toEqual(before);
    await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');
    expect(await page.locator('#composer').textContent()).not.toContain('forged');
    expect((await sidebar.turns()).map(([, t]) => t)).not.toContain('forged turn');

    // The same channel works for our own page: the refusals above were about the sender.
    const own = await sidebar.page.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: object): Promise<{ agentName: string }> } };
        }
      ).chrome.runtime.sendMessage({ type: 'settings/set', payload: { agentName: '王丽' } }),
    );
    expect(own.agentName).toBe('王丽');
  });
});

/** What a page made of hostile text: elements, a script run, a dialog, a page wider than itself. */
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
  const endCase = sidebar.page.getByRole('button', { name: zh.endCase!.message });
  const toast = sidebar.page.locator('.toast[role="status"]');

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
  await sidebar.page.getByRole('button', { name: en.endCase!.message }).click();
  await expect(toast).toHaveText(en.caseEnded!.message);
  await expect(sidebar.alert('storage-full')).toHaveCount(0);
  expect((await storedRecords(sidebar.page)).sort()).toEqual(['GD202611290415', 'GD202611290415']);
  // Ending a case in which nothing was done stores nothing, and is not reported as a full disk.
  await expect(toast).toHaveCount(0, { timeout: 10_000 });
  await sidebar.page.getByRole('button', { name: en.endCase!.message }).click();
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
