/**
 * `npm run bench -- sidebar [--rounds N]`: the sidebar of the built extension in Chromium over
 * the demo CRM. Measures, on the sidebar's own clock, keystroke-to-rendered-results in the
 * search box, cold open to first render, and how long after the last keystroke in the CRM a
 * draft's alert shows in the sidebar.
 */
import { buildIfMissing, extensionId, launchWithExtension, sidepanelUrl } from '../e2e/chromium.ts';
import { serveFixtures } from '../demo/serve.ts';
import { emit, option, quantile, round } from './args.ts';

// Realistic typeahead input: Chinese, pinyin, initials and English, typed one key at a time.
const QUERIES = [
  '信用卡年费',
  'chongzhi mima',
  'czmm',
  '转账限额',
  'guashi',
  '理财赎回',
  'fee waiver',
];

export async function run(args: string[]): Promise<void> {
  const rounds = Number(option(args, 'rounds') ?? 10);
  buildIfMissing();
  const server = await serveFixtures({ port: 0 });
  const context = await launchWithExtension({ headless: true });
  try {
    const id = await extensionId(context);
    const crm = await context.newPage();
    await crm.goto(new URL('/crm/legacy/index.html', server.url).href);
    const panelUrl = await sidepanelUrl(context, id, crm);

    // Cold open: navigation start to the first case field on screen.
    const opens: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { __first?: number };
        new MutationObserver((_, obs) => {
          if (document.querySelector('[data-field]')) {
            w.__first = performance.now();
            obs.disconnect();
          }
        }).observe(document, { subtree: true, childList: true });
      });
      await page.goto(panelUrl);
      await page.locator('[data-field]').first().waitFor();
      opens.push(await page.evaluate(() => (window as unknown as { __first: number }).__first));
      await page.close();
    }

    const panel = await context.newPage();
    await panel.goto(panelUrl);
    await panel.locator('[data-field]').first().waitFor();
    // tsx names the helper functions below with `__name`; give the page a no-op one.
    await panel.evaluate('globalThis.__name = (f) => f');
    // Keystroke to results in the DOM: the input event is dispatched as a key press would,
    // and the time is taken when the results list has changed.
    const keys: number[] = await panel.evaluate(async (queries) => {
      const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
      const times: number[] = [];
      const settle = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      for (const q of queries) {
        input.value = '';
        input.dispatchEvent(new InputEvent('input', { bubbles: true }));
        await settle();
        for (let i = 1; i <= q.length; i++) {
          const t0 = performance.now();
          const typed = q.slice(0, i);
          // Rendered: the results section shows the answer to exactly what was typed.
          const shown = () =>
            document.querySelector('[data-query]')?.getAttribute('data-query') === typed;
          const changed = new Promise<number>((res) => {
            const obs = new MutationObserver(() => {
              if (!shown()) return;
              obs.disconnect();
              res(performance.now());
            });
            obs.observe(document.querySelector('main')!, {
              subtree: true,
              childList: true,
              characterData: true,
              attributes: true,
              attributeFilter: ['data-query'],
            });
            setTimeout(() => {
              obs.disconnect();
              res(performance.now());
            }, 1000);
          });
          input.value = typed;
          input.dispatchEvent(new InputEvent('input', { bubbles: true, data: q[i - 1] }));
          times.push((await changed) - t0);
          await settle();
        }
      }
      return times;
    }, QUERIES);

    // Draft alert: last keystroke in the CRM's reply box to the alert in the sidebar.
    const alerts: number[] = [];
    for (let i = 0; i < rounds; i++) {
      await crm.fill('#reply', '');
      await panel
        .locator('[role="alert"][data-alert]')
        .first()
        .waitFor({ state: 'detached' })
        .catch(() => undefined);
      const seen = panel.evaluate(
        () =>
          new Promise<number>((res) => {
            const obs = new MutationObserver(() => {
              if (document.querySelector('[role="alert"][data-alert]')) {
                obs.disconnect();
                res(Date.now());
              }
            });
            obs.observe(document.body, { subtree: true, childList: true });
          }),
      );
      await crm.locator('#reply').pressSequentially('这款理财保本保收益', { delay: 20 });
      const last = await crm.evaluate(() => Date.now());
      alerts.push((await seen) - last);
    }
    emit({
      bench: 'sidebar',
      keystroke_p50_ms: round(quantile(keys, 0.5), 2),
      keystroke_p95_ms: round(quantile(keys, 0.95), 2),
      keystrokes: keys.length,
      cold_open_p50_ms: round(quantile(opens, 0.5), 1),
      cold_open_p95_ms: round(quantile(opens, 0.95), 1),
      draft_alert_p50_ms: round(quantile(alerts, 0.5), 1),
      draft_alert_p95_ms: round(quantile(alerts, 0.95), 1),
      rounds,
    });
  } finally {
    await context.close();
    await server.close();
  }
}
