/** Finds a Chromium to drive: the machines here cannot download Playwright's own browsers. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { execSync } from 'node:child_process';
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable: CHROMIUM_PATH, a system Chromium, or Playwright's own (undefined). */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    /* no bundled browser either */
  }
  throw new Error(
    'No Chromium found. Install one (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH.',
  );
}

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');

/**
 * Launches Chromium with the built extension loaded, in a fresh profile; `alongside` are other
 * unpacked extensions installed next to it (test fixtures); `lang` is the browser's UI
 * language (`--lang` and the context locale), zh-CN unless told.
 */
export async function launchWithExtension(opts: {
  headless: boolean;
  viewport?: { width: number; height: number } | null;
  alongside?: string[];
  lang?: string;
}): Promise<BrowserContext> {
  const lang = opts.lang ?? 'zh-CN';
  if (!existsSync(resolve(EXTENSION_DIR, 'manifest.json')))
    throw new Error(`No built extension in ${EXTENSION_DIR}: run "npm run build" first.`);
  const loaded = [EXTENSION_DIR, ...(opts.alongside ?? [])].join(',');
  return chromium.launchPersistentContext('', {
    executablePath: chromiumPath(),
    headless: opts.headless,
    viewport: opts.viewport === undefined ? { width: 1280, height: 800 } : opts.viewport,
    locale: lang,
    args: [
      `--disable-extensions-except=${loaded}`,
      `--load-extension=${loaded}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--lang=${lang}`,
    ],
  });
}

/**
 * The extension's id, read from its service worker's URL: the worker running the script the
 * built manifest names (extensions installed alongside run scripts of other names).
 */
export async function extensionId(context: BrowserContext): Promise<string> {
  const manifest = JSON.parse(readFileSync(resolve(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    background: { service_worker: string };
  };
  const script = `/${manifest.background.service_worker}`;
  const ours = (w: Worker) => new URL(w.url()).pathname === script;
  const worker =
    context.serviceWorkers().find(ours) ??
    (await context.waitForEvent('serviceworker', { predicate: ours, timeout: 10_000 }));
  return new URL(worker.url()).host;
}

/** The id of the tab showing `url`, asked from one of the extension's own pages. */
export async function tabIdOf(extensionPage: Page, url: string): Promise<number> {
  const id = await extensionPage.evaluate(async (target) => {
    const api = (
      globalThis as unknown as {
        chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } };
      }
    ).chrome;
    return (await api.tabs.query({})).find((t) => t.url === target)?.id;
  }, url);
  if (id === undefined) throw new Error(`no tab shows ${url}`);
  return id;
}

/** The sidebar's address bound to the tab showing `crm` (found from a short-lived extension page). */
export async function sidepanelUrl(
  context: BrowserContext,
  id: string,
  crm: Page,
): Promise<string> {
  const probe = await context.newPage();
  try {
    await probe.goto(`chrome-extension://${id}/sidepanel.html`);
    return `chrome-extension://${id}/sidepanel.html?tab=${await tabIdOf(probe, crm.url())}`;
  } finally {
    await probe.close();
  }
}

/** Builds the extension when no build is there yet (benches run from a clean checkout). */
export function buildIfMissing(): void {
  if (existsSync(resolve(EXTENSION_DIR, 'manifest.json'))) return;
  process.stderr.write('building the extension first…\n');
  execSync('npx wxt build', { stdio: 'inherit' });
}
