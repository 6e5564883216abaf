/**
 * The case on each CRM tab: the lifecycle itself is knowledge/case/lifecycle.ts; here are the
 * packs and settings it runs on, the tab queue it runs in and the side effects it asks for.
 */
import {
  sendToTab,
  type InsertResult,
  type Protocol,
  type Sender,
} from '../../../extension/messages.ts';
import { loadPacks, packsFor, packsForCase } from '../../../extension/packs.ts';
import { getSettings } from '../../../extension/storage.ts';
import {
  closeCase,
  draftChanged,
  endTabCase,
  overrideInTab,
  reportFrame,
  notesChanged,
  tickInTab,
  usedInTab,
  type Reported,
} from '../../../knowledge/case/lifecycle.ts';
import { caseLocales } from '../../../knowledge/case/language.ts';
import { languageOf, type TabState } from '../../../knowledge/case/tab.ts';
import { resolveLocale } from '../../../knowledge/types.ts';
import { commitmentsFromTurns } from '../commitments.ts';
import { profileFor } from '../profiles.ts';
import { dropTab, getTab, updateTab } from '../tabs.ts';
import { recordCase, type Saved } from './records.ts';

type Req<T extends keyof Protocol> = Protocol[T]['req'];

/** Drafts that arrived before their tab's case was read (in memory: they are seconds old). */
const pendingDrafts = new Map<number, string>();

/** A frame reports what it reads: the tab's case follows; a case left for another is recorded. */
export async function onReport({ url, reading }: Req<'crm/report'>, sender: Sender) {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return { ok: false };
  const tabUrl = sender.tab?.url ?? url;
  const profile = await profileFor(tabUrl);
  if (!profile) return { ok: false };
  const settings = await getSettings();
  await loadPacks();
  // The UI language only decides when nothing on the case does (knowledge/case/language.ts).
  const locale = resolveLocale(settings.language, navigator.language);
  const language = { setting: settings.packLanguage, profile: profile.locale };
  let done: Reported | undefined;
  let now = 0;
  await updateTab(tabId, (prev) => {
    now = Date.now();
    const pendingDraft = pendingDrafts.get(tabId);
    pendingDrafts.delete(tabId);
    done = reportFrame(prev, {
      tabId,
      frameId: sender.frameId ?? 0,
      url,
      tabUrl,
      reading,
      profile,
      locale,
      language,
      role: settings.role,
      now,
      packs: packsFor,
      ...(pendingDraft !== undefined ? { pendingDraft } : {}),
    });
    return done.state;
  });
  if (done?.seen) {
    const { context } = done.state;
    const { turns, from } = done.seen;
    const langs = caseLocales(languageOf(done.state));
    void commitmentsFromTurns(context.caseId, context.customerName, turns, from, langs, now);
  }
  if (done?.ended) await recordCase(done.ended);
  return { ok: true };
}

/** The reply draft changed: its alerts (checked once the case is read, if it is not yet). */
export async function onDraft({ text }: Req<'crm/draft'>, sender: Sender) {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return { alerts: [] };
  await loadPacks();
  const state = await updateTab(tabId, (prev) => {
    if (prev) return draftChanged(prev, text, packsForCase(prev), Date.now());
    pendingDrafts.set(tabId, text);
    return prev;
  });
  return { alerts: state?.draftAlerts ?? [] };
}

/** The agent ticks or unticks a step by hand. */
export async function onTick({ tabId, stepId, done }: Req<'session/tick'>) {
  const { agentId } = await getSettings();
  return updateTab(tabId, (prev) =>
    prev ? tickInTab(prev, stepId, done, agentId, Date.now()) : prev,
  );
}

/** The agent dismisses an alert with the reason. */
export async function onOverride({ tabId, alertId, reason }: Req<'session/override'>) {
  const { agentId } = await getSettings();
  let dismissedDraft = false;
  const next = await updateTab(tabId, (prev) => {
    if (!prev) return prev;
    const r = overrideInTab(prev, alertId, reason, agentId, Date.now());
    dismissedDraft = r.dismissedDraft;
    return r.state;
  });
  // The warning beside the CRM's reply box mirrors the sidebar: it drops the dismissed alert too.
  const frameId = next ? replyFrame(next) : undefined;
  if (dismissedDraft && next && frameId !== undefined)
    void sendToTab(tabId, 'content/alerts', { alerts: next.draftAlerts }, frameId).catch(
      () => undefined,
    );
  return next;
}

/** The agent ends the tab's case now: its record is stored. */
export async function onEndCase({ tabId }: Req<'case/end'>): Promise<Saved> {
  await loadPacks();
  const { role } = await getSettings();
  let ended: TabState | undefined;
  await updateTab(tabId, (prev) => {
    if (!prev) return prev;
    const r = endTabCase(prev, packsForCase(prev), role, Date.now());
    ended = r.ended;
    return r.state;
  });
  return ended ? recordCase(ended) : { saved: false };
}

/** Inserts text at the caret of the tab's reply box. */
export async function onInsert({
  tabId,
  text,
  target = 'reply',
  item,
  fields,
}: Req<'reply/insert'>): Promise<InsertResult> {
  const state = await getTab(tabId);
  if (!state) return { ok: false, reason: 'no-tab' };
  const frameId = target === 'notes' ? notesFrame(state) : replyFrame(state);
  if (frameId === undefined)
    return { ok: false, reason: target === 'notes' ? 'no-notes-box' : 'no-reply-box' };
  let result: InsertResult;
  try {
    result = await sendToTab(tabId, 'content/insert', { text, target }, frameId);
  } catch {
    return { ok: false, reason: 'failed' };
  }
  if (result.ok && item) await updateTab(tabId, (prev) => (prev ? usedInTab(prev, item) : prev));
  // The summary went into the notes: the record step ticks now, before the case may be ended.
  const notes = result.ok ? result.notes : undefined;
  if (notes !== undefined) {
    await loadPacks();
    await updateTab(tabId, (prev) =>
      prev ? notesChanged(prev, notes, packsForCase(prev), Date.now()) : prev,
    );
  }
  // Ticket fields may sit in any frame: each fills those its frame holds; a miss is no failure.
  if (result.ok && fields && Object.keys(fields).length > 0)
    await Promise.all(
      Object.keys(state.frames).map((id) =>
        sendToTab(tabId, 'content/fill', { fields }, Number(id)).catch(() => undefined),
      ),
    );
  return result;
}

/** A closed tab's case is recorded as it stood. */
export async function onTabClosed(tabId: number): Promise<void> {
  const last = await dropTab(tabId);
  if (!last) return;
  await loadPacks();
  await recordCase(closeCase(last, packsForCase(last), Date.now()));
}

/** The frame that holds the ticket-notes field, if one does. */
function notesFrame(state: TabState): number | undefined {
  const id = Object.entries(state.frames).find(([, f]) => f.notes !== undefined)?.[0];
  return id === undefined ? undefined : Number(id);
}

/** The frame that holds the reply box, if one does. */
function replyFrame(state: TabState): number | undefined {
  const id = Object.entries(state.frames).find(([, f]) => f.hasReply)?.[0];
  return id === undefined ? undefined : Number(id);
}
