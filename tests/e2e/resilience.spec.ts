/**
 * The case survives the browser's own events: a stopped service worker, several CRM tabs at once,
 * a tab closed mid-case.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { GREETING, SpaCrm, greetCase } from './pages/crm.ts';

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
