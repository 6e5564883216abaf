/**
 * One frame of a CRM tab: reads the case by the tab's profile, reports changes (debounced,
 * only when the reading differs), follows the reply draft outside IME composition, shows the
 * inline warning next to the reply box, and inserts scripts when asked.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { listen, send, type ContentProtocol } from '../../extension/messages.ts';
import { insertAtCaret, rememberCaret } from '../../extension/crm-insert.ts';
import { getSettings } from '../../extension/storage.ts';
import type { DraftAlert } from '../../knowledge/case/tab.ts';
import { translate } from '../../extension/i18n.ts';
import { resolveLocale } from '../../knowledge/types.ts';
import { boxText, changeReader, findBox } from '../../knowledge/crm/reader.ts';
import { type CrmProfile, matchesGlob, observedAttributes } from '../../knowledge/crm/profile.ts';
import { InlineWarning, type WarningLabels } from './warning.ts';

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

  let labels: WarningLabels = { heading: '', matched: '', instead: '' };
  void getSettings()
    .then((s) => {
      const locale = resolveLocale(s.language, navigator.language);
      labels = {
        heading: translate(locale, 'inlineWarningHeading'),
        matched: translate(locale, 'inlineWarningMatched'),
        instead: translate(locale, 'inlineWarningInstead'),
      };
    })
    .catch(() => undefined);
  const warning = new InlineWarning(document, () => labels);

  const replyRule =
    active.reply && matchesGlob(location.href, active.reply.frame) ? active.reply : undefined;
  const replyBox = (): Element | null => findBox(document, replyRule);

  // --- The reply draft: checked as the agent types, never in the middle of an IME composition.
  let composing = false;
  let draftTimer: number | undefined;
  let lastDraft = '';
  let alerts: DraftAlert[] = [];
  const showAlerts = (next: DraftAlert[]): void => {
    alerts = next;
    if (!composing) warning.show(replyBox(), alerts);
  };
  const sendDraft = (): void => {
    const box = replyBox();
    if (!box || composing) return;
    const text = boxText(box);
    lastDraft = text;
    void send('crm/draft', { text })
      .then((r) => {
        // An answer to an older draft, or one arriving mid-composition, is not shown.
        if (!composing && text === lastDraft) showAlerts(r.alerts);
      })
      .catch(() => undefined);
  };
  const checkDraft = (): void => {
    if (composing) return;
    if (draftTimer !== undefined) clearTimeout(draftTimer);
    draftTimer = ctx.setTimeout(() => {
      draftTimer = undefined;
      sendDraft();
    }, DRAFT_DELAY_MS);
  };

  // --- Reading the frame, on DOM changes that may matter, at most every REPORT_DELAY_MS.
  const reader = changeReader(document, active, () => location.href);
  const report = (): void => {
    const reading = reader.read();
    if (reading) void send('crm/report', { url: location.href, reading }).catch(() => undefined);
    if (replyRule && !composing) {
      const box = replyBox();
      // A draft the page changed by script (sent, cleared) without an input event.
      if (box && boxText(box) !== lastDraft) checkDraft();
      else if (alerts.length > 0)
        warning.show(box, alerts); // re-attach after a re-render
      else if (!box) warning.clear();
    }
  };

  let timer: number | undefined;
  const schedule = (): void => {
    if (timer !== undefined) return;
    timer = ctx.setTimeout(() => {
      timer = undefined;
      report();
    }, REPORT_DELAY_MS);
  };

  // Only changes outside our own warning matter; the check is a few pointer comparisons.
  const observer = new MutationObserver((records) => {
    reader.note(records);
    if (timer !== undefined) return;
    for (const r of records) {
      if (!warning.ownsRecord(r)) {
        schedule();
        return;
      }
    }
  });
  const observe = (): void =>
    observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      // Attributes the profile reads or selects by: a page's style/animation churn is not seen.
      attributeFilter: observedAttributes(active),
    });
  const stop = (): void => {
    observer.disconnect();
    if (timer !== undefined) clearTimeout(timer);
    if (draftTimer !== undefined) clearTimeout(draftTimer);
    timer = draftTimer = undefined;
  };

  report();
  observe();
  ctx.onInvalidated(() => {
    stop();
    warning.clear();
  });
  // Leaving the page (or entering the back/forward cache): no observer keeps running.
  ctx.addEventListener(window, 'pagehide', stop);
  ctx.addEventListener(window, 'pageshow', (e) => {
    if (!(e as PageTransitionEvent).persisted) return;
    observe();
    report();
  });
  // Form values (a select, the notes field) change without DOM mutations.
  ctx.addEventListener(document, 'change', schedule, { capture: true });
  ctx.addEventListener(document, 'input', schedule, { capture: true });

  const inReply = (e: Event): Element | null => {
    const box = replyBox();
    return box && e.target instanceof Node && box.contains(e.target) ? box : null;
  };
  if (replyRule) {
    const on = (type: string, fn: (e: Event) => void): void =>
      ctx.addEventListener(document, type as 'input', fn, { capture: true });
    on('compositionstart', (e) => {
      if (inReply(e)) composing = true;
    });
    on('compositionend', (e) => {
      if (!inReply(e)) return;
      composing = false;
      checkDraft();
    });
    on('input', (e) => {
      const box = inReply(e);
      if (!box) return;
      rememberCaret(box);
      if (!(e as InputEvent).isComposing) checkDraft();
    });
    for (const type of ['keyup', 'mouseup', 'focusout', 'select']) {
      on(type, (e) => {
        const box = inReply(e);
        if (box) rememberCaret(box);
      });
    }
    if (replyBox() && boxText(replyBox()!) !== '') checkDraft();
  }

  listen<ContentProtocol>({
    'content/insert': {
      from: 'extension-page',
      run: async ({ text }) => {
        const box = replyBox();
        if (!box) return { ok: false, reason: 'no-reply-box' };
        const ok = await insertAtCaret(box, text);
        checkDraft();
        return ok ? { ok: true } : { ok: false, reason: 'failed' };
      },
    },
    'content/alerts': {
      from: 'extension-page',
      run: async ({ alerts: next }) => {
        if (!replyRule) return { ok: false };
        showAlerts(next);
        return { ok: true };
      },
    },
  });
}
