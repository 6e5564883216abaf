/**
 * One frame of a CRM tab: reads the case by the tab's profile, reports changes (debounced,
 * only when the reading differs), follows the reply draft outside IME composition, shows the
 * inline warning next to the reply box, and inserts scripts when asked.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { listen, send, type ContentProtocol } from '../../extension/messages.ts';
import { fillField, insertAtCaret } from '../../extension/crm-insert.ts';
import { getSettings } from '../../extension/storage.ts';
import { translate } from '../../extension/i18n.ts';
import { resolveLocale } from '../../knowledge/types.ts';
import { boxText, changeReader, findBox } from '../../knowledge/crm/reader.ts';
import { type CrmProfile, matchesGlob, observedAttributes } from '../../knowledge/crm/profile.ts';
import { DraftFollower } from './draft.ts';
import { InlineWarning, type WarningLabels } from './warning.ts';

const REPORT_DELAY_MS = 150;

/** The inline warning's labels in the agent's language (empty until settings are read). */
function warningLabels(): () => WarningLabels {
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
  return () => labels;
}

/**
 * Calls `report` on DOM changes that may matter, at most every REPORT_DELAY_MS; changes inside
 * our own warning are not seen. Returns how to (re)start and stop watching.
 */
function watchFrame(
  ctx: ContentScriptContext,
  profile: CrmProfile,
  warning: InlineWarning,
  reader: ReturnType<typeof changeReader>,
  report: () => void,
) {
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
    if (records.some((r) => !warning.ownsRecord(r))) schedule();
  });
  const observe = (): void =>
    observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      // Attributes the profile reads or selects by: a page's style/animation churn is not seen.
      attributeFilter: observedAttributes(profile),
    });
  const stop = (): void => {
    observer.disconnect();
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return { schedule, observe, stop };
}

export async function runCrmFrame(ctx: ContentScriptContext): Promise<void> {
  let profile: CrmProfile | null;
  try {
    ({ profile } = await send('crm/hello', { url: location.href }));
  } catch {
    return; // the extension is reloading; the page is untouched
  }
  if (!profile) return;
  const active = profile;
  const warning = new InlineWarning(document, warningLabels());
  const replyRule =
    active.reply && matchesGlob(location.href, active.reply.frame) ? active.reply : undefined;
  const replyBox = (): Element | null => findBox(document, replyRule);
  const notesRule =
    active.notes && matchesGlob(location.href, active.notes.frame) ? active.notes : undefined;
  const draft = new DraftFollower(ctx, replyBox, warning);

  const reader = changeReader(document, active, () => location.href);
  const report = (): void => {
    const reading = reader.read();
    if (reading) void send('crm/report', { url: location.href, reading }).catch(() => undefined);
    if (replyRule) draft.afterReport();
  };
  const watch = watchFrame(ctx, active, warning, reader, report);
  const stop = (): void => {
    watch.stop();
    draft.stop();
  };

  report();
  watch.observe();
  ctx.onInvalidated(() => {
    stop();
    warning.clear();
  });
  // Leaving the page (or entering the back/forward cache): no observer keeps running.
  ctx.addEventListener(window, 'pagehide', stop);
  ctx.addEventListener(window, 'pageshow', (e) => {
    if (!(e as PageTransitionEvent).persisted) return;
    watch.observe();
    report();
  });
  // Form values (a select, the notes field) change without DOM mutations.
  ctx.addEventListener(document, 'change', watch.schedule, { capture: true });
  ctx.addEventListener(document, 'input', watch.schedule, { capture: true });
  if (replyRule) draft.follow();

  listen<ContentProtocol>({
    'content/insert': {
      from: 'extension-page',
      run: async ({ text, target }) => {
        const notes = target === 'notes';
        const box = notes ? findBox(document, notesRule) : replyBox();
        if (!box) return { ok: false, reason: notes ? 'no-notes-box' : 'no-reply-box' };
        const ok = await insertAtCaret(box, text);
        if (!notes) draft.check();
        if (!ok) return { ok: false, reason: 'failed' };
        return notes ? { ok: true, notes: boxText(box) } : { ok: true };
      },
    },
    'content/fill': {
      from: 'extension-page',
      run: async ({ fields }) => {
        const filled: string[] = [];
        for (const [name, rule] of Object.entries(active.ticket ?? {})) {
          const value = fields[name];
          if (value === undefined || !matchesGlob(location.href, rule.frame)) continue;
          const el = findBox(document, rule);
          if (el && fillField(el, rule.map?.[value] ?? value)) filled.push(name);
        }
        if (filled.length > 0) watch.schedule();
        return { filled };
      },
    },
    'content/alerts': {
      from: 'extension-page',
      run: async ({ alerts: next }) => {
        if (!replyRule) return { ok: false };
        draft.show(next);
        return { ok: true };
      },
    },
  });
}
