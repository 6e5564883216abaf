/**
 * `npm start`: serves the demo CRM on loopback and opens Chromium with the built extension
 * and its sidebar over the CRM. Without a display (or with --headless) it writes a
 * screenshot of the CRM with the sidebar instead.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { extensionId, launchWithExtension, tabIdOf } from '../e2e/chromium.ts';
import { serveFixtures } from './serve.ts';

const args = process.argv.slice(2);
const headless =
  args.includes('--headless') ||
  (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);
const pagePath = args.find((a) => a.startsWith('/')) ?? '/crm/legacy/index.html';
const out = resolve(import.meta.dirname, 'screenshots');

type ChromeApi = {
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
  windows: { create(o: object): Promise<unknown> };
};

/** Screenshots the CRM and the sidebar and puts them side by side in one PNG. */
async function screenshot(
  context: BrowserContext,
  crm: Page,
  panelUrl: string,
  name: string,
): Promise<string> {
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 380, height: 800 });
  await panel.goto(panelUrl);
  await panel.locator('[data-field="caseId"]').waitFor({ timeout: 10_000 });
  await panel.waitForTimeout(300);
  const [left, right] = await Promise.all([crm.screenshot(), panel.screenshot()]);
  const sheet = await context.newPage();
  await sheet.setViewportSize({ width: 1280 + 382, height: 800 });
  await sheet.setContent(
    `<body style="margin:0;display:flex;background:#888"><img src="data:image/png;base64,${left.toString('base64')}"><img style="border-left:2px solid #444" src="data:image/png;base64,${right.toString('base64')}"></body>`,
  );
  mkdirSync(out, { recursive: true });
  const file = resolve(out, name);
  await sheet.screenshot({ path: file });
  await Promise.all([panel.close(), sheet.close()]);
  return file;
}

async function main(): Promise<void> {
  const server = await serveFixtures({ port: Number(process.env.PORT ?? 5173) }).catch(() =>
    serveFixtures({ port: 0 }),
  );
  const context = await launchWithExtension({
    headless,
    viewport: headless ? { width: 1280, height: 800 } : null,
  });
  const id = await extensionId(context);
  const crm = context.pages()[0] ?? (await context.newPage());
  const crmUrl = new URL(pagePath, server.url).href;
  await crm.goto(crmUrl);
  const probe = await context.newPage();
  await probe.goto(`chrome-extension://${id}/sidepanel.html`);
  const tabId = await tabIdOf(probe, crm.url());
  const panelUrl = `chrome-extension://${id}/sidepanel.html?tab=${tabId}`;

  if (headless) {
    await probe.close();
    const file = await screenshot(context, crm, panelUrl, 'demo-legacy.png');
    process.stdout.write(`No display: wrote ${file}\n`);
    await context.close();
    await server.close();
    return;
  }
  // With a display: the sidebar in its own window beside the CRM, as an agent pops it out.
  await probe.evaluate((url) => {
    const api = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    return api.windows.create({ url, type: 'popup', width: 400, height: 860, left: 1000, top: 0 });
  }, panelUrl);
  await probe.close();
  process.stdout.write(
    `Demo CRM: ${crmUrl}\nSidebar: ${panelUrl}\nClose the browser or press Ctrl+C to stop.\n`,
  );
  await new Promise<void>((done) => {
    context.on('close', () => done());
    process.on('SIGINT', () => done());
  });
  await context.close().catch(() => undefined);
  await server.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
