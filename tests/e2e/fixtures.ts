/**
 * Playwright fixtures: the demo CRM served on loopback, and a fresh Chromium with the built
 * extension for every test.
 */
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { serveFixtures } from '../demo/serve.ts';
import { extensionId, launchWithExtension, sidepanelUrl } from './chromium.ts';
import { Sidebar } from './pages/sidebar.ts';

interface Served {
  url: string;
  crossUrl: string;
  close: () => Promise<void>;
}

/** With SCREENSHOTS set, writes the CRM and the sidebar side by side to tests/demo/screenshots/. */
export async function snapshot(crm: Page, sidebar: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  const [left, right] = await Promise.all([
    crm.screenshot(),
    sidebar.screenshot({ fullPage: true }),
  ]);
  const sheet = await crm.context().newPage();
  await sheet.setViewportSize({ width: 1280 + 382, height: 900 });
  await sheet.setContent(
    `<body style="margin:0;display:flex;align-items:flex-start;background:#888"><img src="data:image/png;base64,${left.toString('base64')}"><img style="border-left:2px solid #444" src="data:image/png;base64,${right.toString('base64')}"></body>`,
  );
  await sheet.screenshot({ path: `tests/demo/screenshots/${name}.png`, fullPage: true });
  await sheet.close();
}

interface Fixtures {
  /** Other unpacked extensions to install next to ours (directories), none by default. */
  alongside: string[];
  /** The browser's UI language (`--lang` and the context locale), zh-CN by default. */
  browserLanguage: string;
  context: BrowserContext;
  extensionId: string;
  /**
   * Opens a demo CRM page (path under the fixture server) and the sidebar bound to its tab,
   * past the start-of-shift panel unless `shift: false`.
   */
  openCrm: (
    path: string,
    options?: { startShift?: boolean },
  ) => Promise<{ crm: Page; sidebar: Sidebar }>;
}

export const test = base.extend<Fixtures, { server: Served }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const served = await serveFixtures({ port: 0 });
      await use(served);
      await served.close();
    },
    { scope: 'worker' },
  ],
  alongside: [[], { option: true }],
  browserLanguage: ['zh-CN', { option: true }],
  context: async ({ alongside, browserLanguage }, use) => {
    const context = await launchWithExtension({ headless: true, alongside, lang: browserLanguage });
    // Offline by design: any request for somewhere other than the local fixture server fails the test.
    const strays: string[] = [];
    context.on('request', (request) => {
      const url = new URL(request.url());
      const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
      if (!local && !['chrome-extension:', 'data:', 'blob:', 'about:'].includes(url.protocol))
        strays.push(request.url());
    });
    await use(context);
    await context.close();
    expect(strays, 'requests that left the machine').toEqual([]);
  },
  extensionId: async ({ context }, use) => {
    await use(await extensionId(context));
  },
  openCrm: async ({ context, extensionId: id, server }, use) => {
    await use(async (path, options) => {
      const crm = await context.newPage();
      const url = new URL(path, server.url).href;
      await crm.goto(url);
      const panelUrl = await sidepanelUrl(context, id, crm);
      const panel = await context.newPage();
      await panel.goto(panelUrl);
      const sidebar = new Sidebar(panel);
      if (options?.startShift !== false) await sidebar.startShift();
      return { crm, sidebar };
    });
  },
});

export { expect };
