/**
 * The CRM-mapping picker, injected on demand by the options page into every frame of a CRM tab
 * (never listed in the manifest). It installs `__sopPicker` in the extension's isolated world:
 * `start(target)` highlights what the pointer is over and reports the clicked element's robust
 * selector and value; `stop()` removes every trace; `test(profile)` reads the frame by a profile
 * so the options page can show each field's result from every frame.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { sendToPages, type PickedElement } from '../extension/messages.ts';
import { readField, readFrame, visibleText, type FrameReading } from '../knowledge/crm/reader.ts';
import type { CrmProfile } from '../knowledge/crm/profile.ts';
import {
  guessSpeaker,
  innerSelector,
  listSelector,
  repeatedItem,
  robustSelector,
} from '../knowledge/crm/selector.ts';

/** One frame's answer to a live test of a profile. */
export interface FrameTest {
  url: string;
  topFrame: boolean;
  reading: FrameReading;
  /** How many elements each selector of each field matches here (-1: invalid selector). */
  counts: Record<string, number[]>;
}

export interface PickerApi {
  start(target: string, label: string): void;
  stop(): void;
  test(profile: CrmProfile): FrameTest;
}

const HOST_TAG = 'sop-copilot-picker';

/** Reads this frame by a profile, with how many elements each of its selectors matches. */
function frameTest(profile: CrmProfile): FrameTest {
  const count = (sel: string): number => {
    try {
      return document.querySelectorAll(sel).length;
    } catch {
      return -1;
    }
  };
  const countAll = (selector: string | string[]): number[] =>
    (Array.isArray(selector) ? selector : [selector]).map(count);
  const counts: Record<string, number[]> = {};
  for (const [name, rule] of Object.entries(profile.fields)) counts[name] = countAll(rule.selector);
  for (const name of ['reply', 'notes'] as const) {
    const rule = profile[name];
    if (rule) counts[name] = countAll(rule.selector);
  }
  if (profile.transcript) counts['transcript.turn'] = [count(profile.transcript.turn)];
  const reading = readFrame(document, profile, location.href);
  return { url: location.href, topFrame: window === window.top, reading, counts };
}

/** What a click on `el` maps `target` to: a robust selector, its fallbacks and the value read. */
function describePick(el: Element, target: string): PickedElement {
  const turn = target === 'transcript.turn';
  const s = robustSelector(el);
  // A click on a turn's text picks the turn (the repeated item) and its text inside.
  const item = turn ? repeatedItem(el) : el;
  const text = turn ? innerSelector(el, item) : undefined;
  const selector = turn ? listSelector(item) : s.selector;
  const speaker = turn ? guessSpeaker(Array.from(document.querySelectorAll(selector))) : undefined;
  const value = turn
    ? visibleText(item)
    : (readField(document, { selector }).value ?? visibleText(el));
  return {
    target,
    selector,
    alternatives: turn ? [] : s.alternatives,
    basis: turn ? 'list' : s.basis,
    ...(text ? { text } : {}),
    ...(speaker ? { speaker } : {}),
    value,
    frameUrl: location.href,
    topFrame: window === window.top,
  };
}

/** The highlight box and the tip, in a shadow root the page's styles cannot reach. */
function createOverlay(label: string): { host: HTMLElement; box: HTMLElement; tip: HTMLElement } {
  const host = document.createElement(HOST_TAG);
  host.style.cssText =
    'all: initial !important; position: fixed !important; inset: 0 !important; pointer-events: none !important; z-index: 2147483647 !important;';
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `
      .box { position: fixed; border: 2px solid #1565c0; background: rgba(21,101,192,.12); pointer-events: none; }
      .tip { position: fixed; left: 8px; bottom: 8px; max-width: 70vw; padding: 4px 8px; background: #0d47a1; color: #fff;
        font: 12px/1.4 system-ui, "Noto Sans CJK SC", sans-serif; border-radius: 4px; pointer-events: none; word-break: break-all; }`;
  const box = document.createElement('div');
  box.className = 'box';
  const tip = document.createElement('div');
  tip.className = 'tip';
  tip.textContent = label;
  root.append(style, box, tip);
  document.documentElement.append(host);
  return { host, box, tip };
}

function install(): PickerApi {
  let host: HTMLElement | null = null;
  let box: HTMLElement | null = null;
  let tip: HTMLElement | null = null;
  let target = '';
  let label = '';
  let current: Element | null = null;

  const ours = (n: EventTarget | null): boolean =>
    n instanceof Node && host !== null && host.contains(n);

  const overlay = (): void => {
    ({ host, box, tip } = createOverlay(label));
  };

  const move = (e: Event): void => {
    const el = e.target;
    if (!(el instanceof Element) || ours(el) || !box || !tip) return;
    current = el;
    // Layout is read only while the trainer is picking, never while an agent works.
    const r = el.getBoundingClientRect();
    Object.assign(box.style, {
      left: `${r.left}px`,
      top: `${r.top}px`,
      width: `${r.width}px`,
      height: `${r.height}px`,
    });
    tip.textContent = `${label} — ${robustSelector(el).selector}`;
  };

  const pick = (e: Event): void => {
    const el = current ?? (e.target instanceof Element ? e.target : null);
    if (!el || ours(el)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    void sendToPages('picker/picked', describePick(el, target)).catch(() => undefined);
  };

  // The page must not react to the trainer's pointing: swallow presses until the pick.
  const swallow = (e: Event): void => {
    if (!ours(e.target)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  };
  const key = (e: Event): void => {
    if ((e as KeyboardEvent).key === 'Escape') api.stop();
  };

  const api: PickerApi = {
    start(t, l) {
      api.stop();
      target = t;
      label = l;
      overlay();
      document.addEventListener('mouseover', move, true);
      document.addEventListener('click', pick, true);
      for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'dblclick'])
        document.addEventListener(type, swallow, true);
      document.addEventListener('keydown', key, true);
    },
    stop() {
      document.removeEventListener('mouseover', move, true);
      document.removeEventListener('click', pick, true);
      for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'dblclick'])
        document.removeEventListener(type, swallow, true);
      document.removeEventListener('keydown', key, true);
      host?.remove();
      host = box = tip = null;
      current = null;
    },
    test: frameTest,
  };
  return api;
}

export default defineUnlistedScript(() => {
  const g = globalThis as { __sopPicker?: PickerApi };
  g.__sopPicker ??= install();
});
