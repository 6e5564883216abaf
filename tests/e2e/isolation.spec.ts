/**
 * Isolation over the built extension: only our own pages and content scripts are heard; a web
 * page or another extension installed alongside cannot drive ours.
 */
import { resolve } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { GREETING, SpaCrm, greetCase } from './pages/crm.ts';
import type { Sidebar } from './pages/sidebar.ts';

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
