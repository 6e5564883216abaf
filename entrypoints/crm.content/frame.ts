/**
 * One frame of a CRM tab: reads the case by the tab's profile, reports changes (debounced,
 * only when the reading differs), follows the reply draft outside IME composition, and
 * inserts scripts when asked.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { listen, send, type ContentProtocol } from '../../extension/messages.ts';
import { insertAtCaret, rememberCaret } from '../../extension/crm-insert.ts';
import { boxText, findBox, readFrame } from '../../knowledge/crm-reader.ts';
import type { CrmProfile } from '../../knowledge/profile.ts';
import { matchesGlob } from '../../knowledge/profile.ts';

const REPORT_DELAY_MS = 150;
const DRAFT_DELAY_MS = 120;

export async function runCrmFrame(ctx: ContentScriptContext): Promise<void> {
  let profile: CrmProfile | null;
  try {
    ({ profile } = await send('crm/hello', { url: location.href }));
  } catch {
    return; // the extension is reloading; the page is untouched
  }
  if (!profile) return;
  const active = profile;

  let lastReport = '';
  const report = (): void => {
    const reading = readFrame(document, active, location.href);
    const key = JSON.stringify(reading);
    if (key === lastReport) return;
    lastReport = key;
    void send('crm/report', { url: location.href, reading }).catch(() => undefined);
  };

  let timer: number | undefined;
  const schedule = (): void => {
    if (timer !== undefined) return;
    timer = ctx.setTimeout(() => {
      timer = undefined;
      report();
    }, REPORT_DELAY_MS);
  };

  report();
  const observer = new MutationObserver(schedule);
  observer.observe(document.documentElement, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
  ctx.onInvalidated(() => observer.disconnect());
  // Form values change without DOM mutations.
  ctx.addEventListener(document, 'change', schedule, { capture: true });

  // The reply draft: checked as the agent types, never in the middle of an IME composition.
  const replyRule =
    active.reply && matchesGlob(location.href, active.reply.frame) ? active.reply : undefined;
  const replyBox = (): Element | null => findBox(document, replyRule);
  let composing = false;
  let draftTimer: number | undefined;
  const checkDraft = (): void => {
    const box = replyBox();
    if (!box || composing) return;
    if (draftTimer !== undefined) clearTimeout(draftTimer);
    draftTimer = ctx.setTimeout(() => {
      draftTimer = undefined;
      void send('crm/draft', { text: boxText(box) }).catch(() => undefined);
    }, DRAFT_DELAY_MS);
  };
  const inReply = (e: Event): Element | null => {
    const box = replyBox();
    return box && e.target instanceof Node && box.contains(e.target) ? box : null;
  };
  if (replyRule) {
    ctx.addEventListener(
      document,
      'compositionstart',
      (e) => {
        if (inReply(e)) composing = true;
      },
      { capture: true },
    );
    ctx.addEventListener(
      document,
      'compositionend',
      (e) => {
        if (!inReply(e)) return;
        composing = false;
        checkDraft();
      },
      { capture: true },
    );
    ctx.addEventListener(
      document,
      'input',
      (e) => {
        if (inReply(e) && !(e as InputEvent).isComposing) checkDraft();
      },
      { capture: true },
    );
    for (const type of ['keyup', 'mouseup', 'focusout', 'select'] as const) {
      ctx.addEventListener(
        document,
        type,
        (e) => {
          const box = inReply(e);
          if (box) rememberCaret(box);
        },
        { capture: true },
      );
    }
  }

  listen<ContentProtocol>({
    'content/insert': {
      from: 'extension-page',
      run: async ({ text }) => {
        const box = replyBox();
        if (!box) return { ok: false, reason: 'no-reply-box' };
        return insertAtCaret(box, text) ? { ok: true } : { ok: false, reason: 'failed' };
      },
    },
    'content/alerts': {
      from: 'extension-page',
      run: async () => ({ ok: true }),
    },
  });
}
