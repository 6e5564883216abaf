/**
 * `npm run bench -- endurance [--cases 500] [--warmup 50]`: a simulated shift through the built
 * extension on the single-page demo CRM. Each case is a new one that takes a queue slot of the
 * demo (a new case number, its own short conversation): open it, a customer turn, an agent turn,
 * a non-compliant draft (its alert timed in the sidebar), end. Measures the JS heap of the
 * background worker and the sidebar after forced garbage collection, from the end of warm-up to
 * the end of the shift, and the draft-alert latency early vs late.
 *
 * Exits non-zero when either heap grew by the target or more, or a draft's alert never showed.
 */
import type { CDPSession, Page } from '@playwright/test';
import { buildIfMissing, extensionId, launchWithExtension, sidepanelUrl } from '../e2e/chromium.ts';
import { serveFixtures } from '../demo/serve.ts';
import { emit, option, quantile, round } from './args.ts';

const DRAFT = '这款理财保本保收益，稳赚不赔。';
/** Heap growth from the end of warm-up to the end of the shift that fails the bench, in %. */
const TARGET_GROWTH_PCT = 10;

/**
 * Before a heap sample: time for the case's last messages to be handled (the emptied draft is
 * checked 120 ms after its input event, and the sidebar then re-renders).
 */
const SETTLE_MS = 500;
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/**
 * The least of three readings a moment apart, each after a forced GC: an object held only by
 * work still in flight (a storage write, a message answer) is not retained by the shift.
 */
async function steadyHeap(read: () => Promise<number>): Promise<number> {
  const readings: number[] = [];
  for (let k = 0; k < 3; k++) {
    if (k > 0) await sleep(100);
    readings.push(await read());
  }
  return Math.min(...readings);
}

/** Used JS heap of a page after a forced GC. */
async function pageHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize;
}

/**
 * The service worker has no page to open a session on: attach to it through the sidebar's
 * session and talk to it by target messages.
 */
async function workerChannel(
  cdp: CDPSession,
  id: string,
): Promise<(method: string, params?: object) => Promise<Record<string, unknown>>> {
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const target = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${id}/`),
  );
  if (!target) throw new Error('no service worker target');
  const { sessionId } = (await cdp.send('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: false,
  })) as { sessionId: string };
  let next = 1;
  const waiting = new Map<number, (r: Record<string, unknown>) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    if (e.sessionId !== sessionId) return;
    const msg = JSON.parse(e.message) as { id?: number; result?: Record<string, unknown> };
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result ?? {});
  });
  return (method, params = {}) =>
    new Promise((res) => {
      const mid = next++;
      waiting.set(mid, res);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: mid, method, params }),
      });
    });
}

async function workerHeap(
  send: (method: string, params?: object) => Promise<Record<string, unknown>>,
): Promise<number> {
  await send('HeapProfiler.collectGarbage');
  return (await send('Runtime.getHeapUsage')).usedSize as number;
}

/** Time from a draft typed in the CRM to its alert in the sidebar, in ms (3 s cap). */
async function draftAlert(crm: Page, panel: Page): Promise<number> {
  const seen = panel.evaluate(
    () =>
      new Promise<number>((res) => {
        const found = () => document.querySelector('[role="alert"][data-source="draft"]');
        if (found()) return res(Date.now());
        const obs = new MutationObserver(() => {
          if (found()) {
            obs.disconnect();
            res(Date.now());
          }
        });
        obs.observe(document.body, { subtree: true, childList: true });
        setTimeout(() => (obs.disconnect(), res(Number.NaN)), 3000);
      }),
  );
  const sent = await crm.evaluate((text) => {
    const box = document.querySelector<HTMLElement>('#composer')!;
    box.focus();
    box.textContent = text;
    box.dispatchEvent(new InputEvent('input', { bubbles: true, data: text }));
    return Date.now();
  }, DRAFT);
  const at = await seen;
  await crm.evaluate(() => {
    const box = document.querySelector<HTMLElement>('#composer')!;
    box.textContent = '';
    box.dispatchEvent(new InputEvent('input', { bubbles: true }));
  });
  return at - sent;
}

export async function run(args: string[]): Promise<void> {
  const cases = Number(option(args, 'cases') ?? 500);
  const warmup = Number(option(args, 'warmup') ?? 50);
  buildIfMissing();
  const server = await serveFixtures({ port: 0 });
  const context = await launchWithExtension({ headless: true });
  try {
    const id = await extensionId(context);
    const crm = await context.newPage();
    await crm.goto(new URL('/crm/spa/index.html?auto=0', server.url).href);
    const panel = await context.newPage();
    await panel.goto(await sidepanelUrl(context, id, crm));
    const tabId = Number(new URL(panel.url()).searchParams.get('tab'));
    const shift = panel.locator('[data-panel="shift"]');
    await shift.waitFor({ timeout: 5_000 });
    await shift.getByRole('button').first().click();
    await panel.locator('[data-field]').first().waitFor();

    // tsx names the helper functions in evaluated code with `__name`; give the pages a no-op one.
    await panel.evaluate('globalThis.__name = (f) => f');
    await crm.evaluate('globalThis.__name = (f) => f');
    const panelCdp = await context.newCDPSession(panel);
    const worker = await workerChannel(panelCdp, id);

    const latencies: number[] = [];
    let base: { worker: number; panel: number } | undefined;
    const samples: { case: number; worker: number; panel: number }[] = [];
    const t0 = Date.now();
    for (let i = 0; i < cases; i++) {
      // A new case in the next queue slot: the shift meets distinct cases, not the same few
      // whose conversations grow by two turns at every visit.
      const caseId = await crm.evaluate(
        (slot) =>
          (window as unknown as { demo: { nextCase(slot: number): string } }).demo.nextCase(slot),
        i,
      );
      await panel
        .locator(`[data-field="caseId"][data-value="${caseId}"]`)
        .waitFor({ timeout: 5_000 });
      await crm.evaluate((n) => {
        const demo = (
          window as unknown as { demo: { addCustomerMessage(t: string): void; send(): void } }
        ).demo;
        demo.addCustomerMessage(`第${n}位客户：我想查询一下信用卡账单和转账限额。`);
        document.querySelector('#composer')!.textContent =
          '您好，很高兴为您服务，请问有什么可以帮到您？';
        demo.send();
      }, i);
      latencies.push(await draftAlert(crm, panel));
      await panel.evaluate(
        (t) =>
          (
            globalThis as unknown as {
              chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
            }
          ).chrome.runtime.sendMessage({ type: 'case/end', payload: { tabId: t } }),
        tabId,
      );
      if (i + 1 === warmup || (i + 1) % 50 === 0 || i + 1 === cases) {
        await sleep(SETTLE_MS);
        const sample = {
          case: i + 1,
          worker: await steadyHeap(() => workerHeap(worker)),
          panel: await steadyHeap(() => pageHeap(panelCdp)),
        };
        samples.push(sample);
        if (i + 1 === warmup) base = sample;
        process.stderr.write(
          `case ${i + 1}: worker ${(sample.worker / 1e6).toFixed(2)} MB, sidebar ${(sample.panel / 1e6).toFixed(2)} MB, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`,
        );
      }
    }
    const last = samples.at(-1)!;
    const growth = (a: number, b: number) => round(((b - a) / a) * 100, 2);
    const early = latencies.slice(warmup, warmup + 100).filter(Number.isFinite);
    const late = latencies.slice(-100).filter(Number.isFinite);
    emit({
      bench: 'endurance',
      cases,
      warmup,
      worker_heap_start_mb: round((base?.worker ?? 0) / 1e6, 2),
      worker_heap_end_mb: round(last.worker / 1e6, 2),
      worker_heap_growth_pct: base ? growth(base.worker, last.worker) : null,
      sidebar_heap_start_mb: round((base?.panel ?? 0) / 1e6, 2),
      sidebar_heap_end_mb: round(last.panel / 1e6, 2),
      sidebar_heap_growth_pct: base ? growth(base.panel, last.panel) : null,
      target_growth_pct: TARGET_GROWTH_PCT,
    });
    const missed = latencies.filter((x) => !Number.isFinite(x)).length;
    const failures = [
      ...(base && growth(base.worker, last.worker) >= TARGET_GROWTH_PCT ? ['worker heap'] : []),
      ...(base && growth(base.panel, last.panel) >= TARGET_GROWTH_PCT ? ['sidebar heap'] : []),
      ...(missed > 0 ? ['alerts missed'] : []),
    ];
    emit({
      bench: 'endurance',
      draft_alert_p50_early_ms: round(quantile(early, 0.5), 1),
      draft_alert_p95_early_ms: round(quantile(early, 0.95), 1),
      draft_alert_p50_late_ms: round(quantile(late, 0.5), 1),
      draft_alert_p95_late_ms: round(quantile(late, 0.95), 1),
      alerts_missed: missed,
      seconds: round((Date.now() - t0) / 1000, 1),
      ok: failures.length === 0,
    });
    if (failures.length > 0) {
      process.stderr.write(`endurance failed: ${failures.join(', ')}\n`);
      process.exitCode = 1;
    }
  } finally {
    await context.close();
    await server.close();
  }
}
