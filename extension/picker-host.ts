/**
 * The browser side of the console's picker: the open CRM tabs, the picker script injected into
 * every frame of one of them, the trainer's clicks it reports, the live test of a profile
 * draft there, and access to the CRM's origins (asked for from a click).
 */
import { browser } from 'wxt/browser';
import type { CrmProfile } from '../knowledge/crm/profile.ts';
import type { FrameTest, PickedElement } from '../knowledge/crm/profile-edit.ts';
import { listen, type PagesProtocol } from './messages.ts';

export { hasAccess, originsOf, requestAccess } from './profiles-store.ts';

/** An open tab the picker can map. */
export interface CrmTab {
  id: number;
  title: string;
  url: string;
}

interface Scripting {
  executeScript(i: {
    target: { tabId: number; allFrames?: boolean };
    files?: string[];
    func?: (...args: never[]) => unknown;
    args?: unknown[];
  }): Promise<{ frameId: number; result?: unknown }[]>;
}
const scripting = (): Scripting => (browser as unknown as { scripting: Scripting }).scripting;

type PickerGlobal = {
  __sopPicker?: {
    start(t: string, l: string): void;
    stop(): void;
    test(p: unknown): unknown;
  };
};

/** Injects the picker into every frame of a tab (idempotent) and runs one of its calls there. */
async function inFrames<R>(
  tabId: number,
  func: (...args: never[]) => R,
  args: unknown[],
): Promise<{ frameId: number; result?: R }[]> {
  await scripting().executeScript({ target: { tabId, allFrames: true }, files: ['/picker.js'] });
  const out = await scripting().executeScript({ target: { tabId, allFrames: true }, func, args });
  return out as { frameId: number; result?: R }[];
}

// These run in the CRM's frames (serialised by executeScript): they may use nothing from here.
const startPicker = (target: string, label: string): void =>
  (globalThis as PickerGlobal).__sopPicker?.start(target, label);
const stopPicker = (): void => (globalThis as PickerGlobal).__sopPicker?.stop();
const testProfile = (profile: unknown): unknown =>
  (globalThis as PickerGlobal).__sopPicker?.test(profile);

/** The open web pages (http or https), any of which may be a CRM. */
export async function crmTabs(): Promise<CrmTab[]> {
  const all = await browser.tabs.query({});
  return all
    .filter((x) => x.id !== undefined && /^https?:/.test(x.url ?? ''))
    .map((x) => ({ id: x.id!, title: x.title ?? '', url: x.url ?? '' }));
}

/** Every frame of the tab waits for a click on an element for `target`; rejects without access. */
export async function startPicking(tabId: number, target: string, label: string): Promise<void> {
  await inFrames(tabId, startPicker as (...a: never[]) => void, [target, label]);
}

/** Ends picking in every frame of the tab (a tab gone or out of reach is left as it is). */
export function stopPicking(tabId: number): void {
  void inFrames(tabId, stopPicker, []).catch(() => undefined);
}

/** Brings the tab to the front, for the trainer to click in it. */
export async function showTab(tabId: number): Promise<void> {
  await browser.tabs.update(tabId, { active: true });
}

/** What a profile draft reads in every frame of the tab, top frame first. */
export async function testInFrames(tabId: number, profile: CrmProfile): Promise<FrameTest[]> {
  const out = await inFrames(tabId, testProfile as (...a: never[]) => unknown, [profile]);
  return out
    .sort((a, b) => a.frameId - b.frameId)
    .map((r) => r.result as FrameTest | undefined)
    .filter((r): r is FrameTest => r !== undefined && r !== null);
}

/**
 * Calls back with each element the trainer clicks and the tab it was in; the callback says
 * whether it took the pick. Returns the function that stops listening.
 */
export function onPicked(
  take: (picked: PickedElement, tabId: number | undefined) => boolean,
): () => void {
  return listen<PagesProtocol>({
    'picker/picked': {
      from: 'content',
      run: async (picked, sender) => ({ ok: take(picked, sender.tab?.id) }),
    },
  });
}
