/** The message hub: the background is the one owner of case state. */
import { browser } from 'wxt/browser';
import { listen, sendToTab, type Protocol } from '../../extension/messages.ts';
import { getSettings, updateSettings } from '../../extension/storage.ts';
import {
  contextOf,
  draftWasSent,
  mergeTabFrames,
  newTurns,
  parkCase,
  resumedCase,
  type TabState,
} from '../../knowledge/case/tab.ts';
import type { FrameReading } from '../../knowledge/crm/reader.ts';
import {
  checkDraft,
  endCase,
  feedTurns,
  overrideAlert,
  overrideDraftAlert,
  setNotes,
  startCase,
  tickStep,
} from './engine.ts';
import { caseLocale, loadPacks, packsFor, watchPacks } from '../../extension/packs.ts';
import { openDb, purge, saveGap, saveRecord, StorageFullError } from '../../extension/db.ts';
import { settingsItem, storageFullItem } from '../../extension/storage.ts';
import { buildRecord, wasWorked } from '../../knowledge/records/records.ts';
import { applicableSteps } from '../../knowledge/case/session.ts';
import { resolveLocale } from '../../knowledge/types.ts';
import { profileFor, startProfileSync } from './profiles.ts';
import {
  addCommitment,
  commitmentsFromTurns,
  settleCommitment,
  startCommitmentReminders,
} from './commitments.ts';
import { dropTab, getTab, updateTab } from './tabs.ts';
import { consoleHandlers } from './console.ts';

/** Drafts that arrived before their tab's case was read (in memory: they are seconds old). */
const pendingDrafts = new Map<number, string>();

async function onReport(
  tabId: number,
  frameId: number,
  tabUrl: string,
  url: string,
  reading: FrameReading,
): Promise<TabState | null> {
  const profile = await profileFor(tabUrl);
  if (!profile) return null;
  const settings = await getSettings();
  await loadPacks();
  const locale = caseLocale(profile.locale, resolveLocale(settings.language, navigator.language));
  let ended: TabState | undefined;
  const next = await updateTab(tabId, (prev) => {
    const now = Date.now();
    const frames = { ...(prev?.frames ?? {}), [frameId]: { ...reading, url, at: now } };
    const merged = mergeTabFrames(frames);
    const context = contextOf(merged.fields);
    const caseChanged =
      !prev ||
      prev.profileId !== profile.id ||
      (context.caseId !== undefined && context.caseId !== prev.context.caseId);
    // Another case on the same tab (a queue swap): the one before is recorded as it stands, and
    // kept, so that coming back to it carries on the same case (its record is then replaced).
    if (caseChanged && prev) ended = { ...prev, session: endCase(prev.session, prev.locale, now) };
    const parked = caseChanged && prev ? parkCase(prev) : [];
    const back = caseChanged ? resumedCase(parked, context.caseId, profile.id) : undefined;
    let state: TabState = caseChanged
      ? {
          tabId,
          profileId: profile.id,
          profileName: profile.name,
          url: tabUrl,
          frames,
          fields: merged.fields,
          context,
          turns: back?.turns ?? [],
          hasReply: merged.hasReply,
          session: back?.session ?? startCase(context, settings, locale, now),
          locale: back?.locale ?? locale,
          draft: '',
          draftAlerts: [],
          startedAt: back?.startedAt ?? now,
          updatedAt: now,
          parked: parked.filter((p) => p !== back),
          ...(back?.notes !== undefined ? { notes: back.notes } : {}),
        }
      : {
          ...prev,
          url: tabUrl,
          frames,
          fields: merged.fields,
          context,
          hasReply: merged.hasReply,
          updatedAt: now,
        };
    const transcript = merged.transcript ?? [];
    const { appended } = newTurns(state.turns, transcript);
    if (appended.length > 0) {
      const seen = appended.map((t) => ({ ...t, at: now }));
      const turns = [...state.turns, ...seen];
      // The session keeps when each turn was seen: a record tells history from the agent's work.
      state = { ...state, turns, session: feedTurns(state.session, state.locale, seen, now) };
      void commitmentsFromTurns(
        state.context.caseId,
        state.context.customerName,
        appended,
        state.turns.length - appended.length,
        state.locale,
        now,
      );
      // The agent sent the draft: it is gone, and so are its warnings. A draft typed since (the
      // check of a new draft can be handled before the report of the message sent) stays.
      if (draftWasSent(state.draft, appended)) state = { ...state, draft: '', draftAlerts: [] };
    }
    const pending = pendingDrafts.get(tabId);
    if (pending !== undefined) {
      pendingDrafts.delete(tabId);
      state = {
        ...state,
        draft: pending,
        draftAlerts: checkDraft(state.session, state.locale, pending),
      };
    }
    if (merged.notes !== undefined && merged.notes !== state.notes) {
      state = {
        ...state,
        notes: merged.notes,
        session: setNotes(state.session, state.locale, merged.notes, now),
      };
    }
    return state;
  });
  if (ended) await onCaseEnded(ended);
  return next;
}

type Saved = { saved: boolean; error?: 'storage-full' };

/**
 * A finished case: its masked record is kept for the team lead's compliance report. A case
 * only looked at (no agent message, nothing ticked by hand) leaves no record.
 */
async function onCaseEnded(state: TabState): Promise<Saved> {
  if (!wasWorked(state.session)) return { saved: false };
  const settings = await getSettings();
  await loadPacks();
  const steps = applicableSteps(state.session, packsFor(state.locale));
  const record = buildRecord(state.session, steps, {
    agentId: settings.agentId,
    team: settings.team,
  });
  return keep(() => saveRecord(openDb(), record, settings.retentionDays));
}

/** Runs a database write; a full disk is remembered for the console and the sidebar to show. */
async function keep(write: () => Promise<unknown>): Promise<Saved> {
  try {
    await write();
    if (await storageFullItem.getValue())
      await storageFullItem.setValue(null).catch(() => undefined);
    return { saved: true };
  } catch (e) {
    if (!(e instanceof StorageFullError)) throw e;
    // The notice lives in extension storage, which a full disk may refuse too: the answer
    // still says why nothing was saved.
    await storageFullItem.setValue({ at: Date.now() }).catch(() => undefined);
    return { saved: false, error: 'storage-full' };
  }
}

export function startHub(): void {
  startProfileSync();
  listen<Protocol>({
    ...consoleHandlers,
    'crm/hello': {
      from: 'content',
      run: async (_payload, sender) => {
        const profile = await profileFor(sender.tab?.url);
        if (profile && sender.frameId === 0 && sender.tab?.id !== undefined)
          void enablePanel(sender.tab.id);
        return { profile: profile ?? null };
      },
    },
    'crm/report': {
      from: 'content',
      run: async ({ url, reading }, sender) => {
        const tabId = sender.tab?.id;
        if (tabId === undefined) return { ok: false };
        const state = await onReport(
          tabId,
          sender.frameId ?? 0,
          sender.tab?.url ?? url,
          url,
          reading,
        );
        return { ok: state !== null };
      },
    },
    'crm/draft': {
      from: 'content',
      run: async ({ text }, sender) => {
        const tabId = sender.tab?.id;
        if (tabId === undefined) return { alerts: [] };
        await loadPacks();
        const state = await updateTab(tabId, (prev) => {
          if (!prev) {
            // The agent typed before the case was read: checked as soon as it is.
            pendingDrafts.set(tabId, text);
            return prev;
          }
          // A check of what has just been sent can arrive after the turn itself: nothing to warn of.
          const lastAgent = prev.turns.findLast((t) => t.speaker === 'agent');
          if (lastAgent && text.trim() !== '' && lastAgent.text.trim() === text.trim())
            return { ...prev, draft: '', draftAlerts: [] };
          const draftAlerts = checkDraft(prev.session, prev.locale, text);
          return { ...prev, draft: text, draftAlerts, updatedAt: Date.now() };
        });
        return { alerts: state?.draftAlerts ?? [] };
      },
    },
    'session/get': {
      from: 'extension-page',
      run: async ({ tabId }) => getTab(tabId),
    },
    'session/tick': {
      from: 'extension-page',
      run: async ({ tabId, stepId, done }) => {
        const { agentId } = await getSettings();
        return updateTab(tabId, (prev) =>
          prev
            ? { ...prev, session: tickStep(prev.session, stepId, done, agentId, Date.now()) }
            : prev,
        );
      },
    },
    'session/override': {
      from: 'extension-page',
      run: async ({ tabId, alertId, reason }) => {
        const { agentId } = await getSettings();
        let dismissedDraft = false;
        const next = await updateTab(tabId, (prev) => {
          if (!prev) return prev;
          const draft = prev.draftAlerts.find((a) => a.id === alertId);
          dismissedDraft = draft !== undefined;
          const session = draft
            ? overrideDraftAlert(prev.session, draft, reason, agentId, Date.now())
            : overrideAlert(prev.session, alertId, reason, agentId, Date.now());
          return {
            ...prev,
            session,
            draftAlerts: prev.draftAlerts.filter((a) => a.id !== alertId),
          };
        });
        // The warning beside the CRM's reply box mirrors the sidebar: it drops the dismissed alert too.
        const frameId = next && Object.entries(next.frames).find(([, f]) => f.hasReply)?.[0];
        if (dismissedDraft && next && frameId !== undefined)
          void sendToTab(
            tabId,
            'content/alerts',
            { alerts: next.draftAlerts },
            Number(frameId),
          ).catch(() => undefined);
        return next;
      },
    },
    'reply/insert': {
      from: 'extension-page',
      run: async ({ tabId, text }) => {
        const state = await getTab(tabId);
        if (!state) return { ok: false, reason: 'no-tab' };
        const frameId = Object.entries(state.frames).find(([, f]) => f.hasReply)?.[0];
        if (frameId === undefined) return { ok: false, reason: 'no-reply-box' };
        try {
          return await sendToTab(tabId, 'content/insert', { text }, Number(frameId));
        } catch {
          return { ok: false, reason: 'failed' };
        }
      },
    },
    'commitment/add': {
      from: 'extension-page',
      run: async ({ caseId, text, dueAt, customer }) =>
        addCommitment({
          id: `${caseId}#manual-${Date.now()}`,
          caseId,
          text,
          dueAt,
          createdAt: Date.now(),
          source: 'manual',
          ...(customer ? { customer } : {}),
        }),
    },
    'commitment/settle': {
      from: 'extension-page',
      run: async ({ id, status }) => settleCommitment(id, status),
    },
    'settings/set': {
      from: 'extension-page',
      run: async (change) => updateSettings(change),
    },
    'case/end': {
      from: 'extension-page',
      run: async ({ tabId }) => {
        await loadPacks();
        const settings = await getSettings();
        let ended: TabState | undefined;
        await updateTab(tabId, (prev) => {
          if (!prev) return prev;
          const now = Date.now();
          ended = { ...prev, session: endCase(prev.session, prev.locale, now) };
          // The tab stays on the page: what follows is a new session; turns seen stay seen.
          return {
            ...prev,
            session: startCase(prev.context, settings, prev.locale, now),
            draft: '',
            draftAlerts: [],
            startedAt: now,
            updatedAt: now,
          };
        });
        return ended ? onCaseEnded(ended) : { saved: false };
      },
    },
    'gap/report': {
      from: 'extension-page',
      run: async ({ itemId, query, note, caseId }) => {
        const { agentId, retentionDays } = await getSettings();
        const gap = {
          at: Date.now(),
          agentId: agentId || 'unknown',
          note: note.trim(),
          ...(itemId ? { itemId } : {}),
          ...(query ? { query } : {}),
          ...(caseId ? { caseId } : {}),
        };
        return keep(() => saveGap(openDb(), gap, retentionDays));
      },
    },
    'gap/settle': {
      from: 'extension-page',
      run: async ({ id, status }) => {
        await openDb().gaps.update(id, { status });
        return { ok: true };
      },
    },
  });

  startCommitmentReminders(async () => {
    const { language } = await getSettings();
    return resolveLocale(language, navigator.language);
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    void dropTab(tabId).then(async (last) => {
      if (!last) return;
      await loadPacks();
      await onCaseEnded({ ...last, session: endCase(last.session, last.locale, Date.now()) });
    });
  });

  // The packs in force are loaded once and reloaded when a trainer or the settings change them.
  void loadPacks();
  watchPacks(() => undefined);
  // Records past the retention period go at start-up (and after every write).
  void getSettings().then(({ retentionDays }) => purge(openDb(), retentionDays).catch(() => 0));
  // A shorter retention period takes effect at once.
  settingsItem.watch(() => {
    void getSettings().then(({ retentionDays }) => purge(openDb(), retentionDays).catch(() => 0));
  });

  // Chrome: the toolbar button opens the side panel; Firefox has its own sidebar button.
  const sidePanel = (browser as unknown as { sidePanel?: ChromeSidePanel }).sidePanel;
  void sidePanel?.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
}

interface ChromeSidePanel {
  setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void>;
  setOptions(o: { tabId: number; path: string; enabled: boolean }): Promise<void>;
}

/** Binds the Chrome side panel of a CRM tab to that tab's case. */
async function enablePanel(tabId: number): Promise<void> {
  const sidePanel = (browser as unknown as { sidePanel?: ChromeSidePanel }).sidePanel;
  await sidePanel
    ?.setOptions({ tabId, path: `sidepanel.html?tab=${tabId}`, enabled: true })
    .catch(() => undefined);
}
