/**
 * The life of the case on one CRM tab, from the frames' reports to its end: a case opens,
 * follows its transcript and notes, is parked when the agent takes another and resumed when
 * they come back, and its reply draft is checked as it is typed. Pure: the packs and the
 * settings come in as arguments, so a state restored after a worker restart goes on the same.
 */
import type { Pack } from '../authoring/pack.ts';
import type { FrameReading } from '../crm/reader.ts';
import type { CaseContext, Locale, PackLanguage, Turn } from '../types.ts';
import { casePacks } from './bilingual.ts';
import { decideLanguage, sameLanguage, type CaseLanguage } from './language.ts';
import * as session from './session.ts';
import type { CaseSession } from './session.ts';
import {
  contextOf,
  draftWasSent,
  languageOf,
  mergeTabFrames,
  newTurns,
  pageDeclarations,
  parkCase,
  resumedCase,
  type DraftAlert,
  type FrameState,
  type TabState,
} from './tab.ts';

/** What one frame reports, with what the background knows of its tab and settings. */
export interface FrameReport {
  tabId: number;
  frameId: number;
  /** The frame's own address. */
  url: string;
  /** The tab's address, shown for the case. */
  tabUrl: string;
  reading: FrameReading;
  /** The CRM profile that governs the tab. */
  profile: { id: string; name: string };
  /**
   * The language when nothing on the case decides (the agent's UI language): the case's own
   * language is decided on every report (knowledge/case/language.ts).
   */
  locale: Locale;
  /** An explicit choice: the pack-language setting (or policy) and the profile's `locale`. */
  language?: { setting?: PackLanguage; profile?: unknown };
  /** The agent's role from the settings; empty means `agent`. */
  role: string;
  now: number;
  /** A draft the agent typed before the case was read, checked now. */
  pendingDraft?: string;
  /** The packs in force for a language: each case runs on those of its own (or of both). */
  packs: (locale: Locale) => Pack[];
}

/** What a frame report did to the tab. */
export interface Reported {
  state: TabState;
  /** The case the agent left for another, closed as it stood: to be recorded. */
  ended?: TabState;
  /** Turns read for the first time (as the CRM shows them), and the index of the first. */
  seen?: { turns: Turn[]; from: number };
}

/** The fields of the tab state that every report refreshes. */
type Read = Pick<TabState, 'url' | 'frames' | 'fields' | 'context' | 'hasReply' | 'updatedAt'>;

/** Folds one frame's report into the tab: the same case goes on, another one opens or resumes. */
export function reportFrame(prev: TabState | null, report: FrameReport): Reported {
  const { now } = report;
  const frames = {
    ...(prev?.frames ?? {}),
    [report.frameId]: { ...report.reading, url: report.url, at: now },
  };
  const merged = mergeTabFrames(frames);
  const context = contextOf(merged.fields);
  const read: Read = {
    url: report.tabUrl,
    frames,
    fields: merged.fields,
    context,
    hasReply: merged.hasReply,
    updatedAt: now,
  };
  const sameCase =
    prev !== null &&
    prev.profileId === report.profile.id &&
    (context.caseId === undefined || context.caseId === prev.context.caseId);
  const transcript = merged.transcript ?? [];
  const decide = (before?: CaseLanguage): CaseLanguage =>
    decideFor(report, frames, transcript, context, before);
  const opened =
    prev !== null && sameCase
      ? { state: relanguage({ ...prev, ...read }, decide(languageOf(prev)), report.packs) }
      : openCase(prev, report, read, decide);
  const packs = casePacks(languageOf(opened.state), report.packs);
  const followed = followTranscript(withContext(opened.state, packs, now), transcript, packs, now);
  let state = followed.state;
  if (report.pendingDraft !== undefined) {
    const draft = report.pendingDraft;
    state = { ...state, draft, draftAlerts: draftAlerts(state.session, draft, packs) };
  }
  if (merged.notes !== undefined) state = notesChanged(state, merged.notes, packs, now);
  return {
    state,
    ...(opened.ended ? { ended: opened.ended } : {}),
    ...(followed.seen ? { seen: followed.seen } : {}),
  };
}

/** The fields the page shows, with a value or empty: what context rules can check. */
function readFields(fields: TabState['fields']): string[] {
  return Object.entries(fields)
    .filter(([, f]) => f.status === 'ok' || f.status === 'empty')
    .map(([name]) => name)
    .sort();
}

/** The session reads the case fields as the page now shows them (they may load after the case). */
function withContext(state: TabState, packs: Pack[], now: number): TabState {
  const read = readFields(state.fields);
  const s = state.session;
  const same =
    JSON.stringify(s.context) === JSON.stringify(state.context) &&
    JSON.stringify(s.read ?? []) === JSON.stringify(read);
  if (same) return state;
  return { ...state, session: session.updateContext(s, state.context, read, packs, now) };
}

/**
 * Another case on the tab (or the first): the one before is closed as it stands for its record,
 * and parked, so that coming back to it carries on the same case (its record is then replaced).
 */
function openCase(
  prev: TabState | null,
  report: FrameReport,
  read: Read,
  decide: (before?: CaseLanguage) => CaseLanguage,
): { state: TabState; ended?: TabState } {
  const { now, profile } = report;
  const parked = prev ? parkCase(prev) : [];
  const back = resumedCase(parked, read.context.caseId, profile.id);
  const language = decide(back ? languageOf(back) : undefined);
  const state: TabState = {
    tabId: report.tabId,
    profileId: profile.id,
    profileName: profile.name,
    ...read,
    turns: back?.turns ?? [],
    session:
      back?.session ??
      session.createSession(
        casePacks(language, report.packs),
        read.context,
        report.role || 'agent',
        now,
      ),
    locale: language.primary,
    language,
    draft: '',
    draftAlerts: [],
    startedAt: back?.startedAt ?? now,
    parked: parked.filter((p) => p !== back),
    ...(back?.notes !== undefined ? { notes: back.notes } : {}),
  };
  const ended = prev ? closeCase(prev, casePacks(languageOf(prev), report.packs), now) : undefined;
  return ended ? { state, ended } : { state };
}

/** The case's languages decided again from this report, the tab's frames and the transcript. */
function decideFor(
  report: FrameReport,
  frames: Record<string, FrameState>,
  transcript: readonly Turn[],
  context: CaseContext,
  before: CaseLanguage | undefined,
): CaseLanguage {
  const input = {
    setting: report.language?.setting,
    profile: report.language?.profile,
    pages: pageDeclarations(frames),
    turns: transcript,
    ignore: [context.customerName],
    fallback: report.locale,
    ...(report.pendingDraft !== undefined ? { draft: report.pendingDraft } : {}),
  };
  return decideLanguage(input, before);
}

/**
 * The same case with its languages as now decided. When they change, the session keeps its
 * steps, alerts and timer (step ids are the same in both languages' packs) and runs on the new
 * packs from here on; a draft in progress is checked again with them.
 */
function relanguage(
  state: TabState,
  language: CaseLanguage,
  packsIn: (locale: Locale) => Pack[],
): TabState {
  if (sameLanguage(languageOf(state), language))
    return { ...state, locale: language.primary, language };
  const packs = casePacks(language, packsIn);
  const s = { ...state.session, packKey: session.knowledgeFor(packs).key };
  const alerts = state.draft.trim() === '' ? state.draftAlerts : draftAlerts(s, state.draft, packs);
  return { ...state, locale: language.primary, language, session: s, draftAlerts: alerts };
}

/** Feeds the turns the transcript grew by; a draft that went out with them is gone. */
function followTranscript(
  state: TabState,
  transcript: readonly Turn[],
  packs: Pack[],
  now: number,
): { state: TabState; seen?: { turns: Turn[]; from: number } } {
  const { appended } = newTurns(state.turns, transcript);
  if (appended.length === 0) return { state };
  // The session keeps when each turn was seen: a record tells history from the agent's work.
  const stamped = appended.map((t) => ({ ...t, at: now }));
  let next: TabState = {
    ...state,
    turns: [...state.turns, ...stamped],
    session: feedTurns(state.session, stamped, packs, now),
  };
  // The agent sent the draft: it is gone, and so are its warnings. A draft typed since (the
  // check of a new draft can be handled before the report of the message sent) stays.
  if (draftWasSent(next.draft, appended)) next = { ...next, draft: '', draftAlerts: [] };
  return { state: next, seen: { turns: appended, from: state.turns.length } };
}

function feedTurns(
  s: CaseSession,
  turns: readonly Turn[],
  packs: Pack[],
  now: number,
): CaseSession {
  let next = s;
  for (const turn of turns) {
    const index = next.turns.length;
    next = session.applyTurn(next, turn, packs, turn.at ?? now);
    next = carryDraftOverrides(next, index);
  }
  return next;
}

/**
 * What the agent dismissed (with a reason) while it was a draft is not raised again once sent:
 * the sent turn's alert carries the same override, so the record shows both.
 */
function carryDraftOverrides(s: CaseSession, index: number): CaseSession {
  const drafts = s.alerts.filter(
    (a) => a.override && a.turn === index && !a.id.startsWith(`${a.ruleId}@`),
  );
  if (drafts.length === 0) return s;
  const alerts = s.alerts.map((a) => {
    if (a.override || a.turn !== index) return a;
    const d = drafts.find((x) => x.ruleId === a.ruleId && x.match === a.match);
    return d?.override ? { ...a, override: d.override } : a;
  });
  return { ...s, alerts };
}

/** The CRM's notes field now holds `notes`: the record step follows (`packs` of the case). */
export function notesChanged(state: TabState, notes: string, packs: Pack[], now: number): TabState {
  if (notes === state.notes) return state;
  return { ...state, notes, session: session.setNotes(state.session, notes, packs, now) };
}

/** A script or article went into the CRM: the case remembers it for its summary. */
export function usedInTab(state: TabState, item: session.UsedItem): TabState {
  const next = session.noteUsed(state.session, item);
  return next === state.session ? state : { ...state, session: next };
}

/** The alerts a draft would raise now, with ids stable while the draft keeps the words. */
export function draftAlerts(s: CaseSession, text: string, packs: Pack[]): DraftAlert[] {
  // A rule the agent already dismissed for this draft (with a reason) stays dismissed while they type on.
  const dismissed = new Set(
    s.alerts
      .filter((a) => a.override && a.turn === s.turns.length)
      .map((a) => `${a.ruleId}|${a.match}`),
  );
  return session
    .checkDraft(s, text, packs)
    .filter((a) => !dismissed.has(`${a.ruleId}|${a.match}`))
    .map((a) => ({ ...a, id: `draft:${a.ruleId}:${a.start}` }));
}

/** The reply draft changed: its alerts now (`packs` are those of the case's language). */
export function draftChanged(prev: TabState, text: string, packs: Pack[], now: number): TabState {
  // A check of what has just been sent can arrive after the turn itself: nothing to warn of.
  const lastAgent = prev.turns.findLast((t) => t.speaker === 'agent');
  if (lastAgent && text.trim() !== '' && lastAgent.text.trim() === text.trim())
    return { ...prev, draft: '', draftAlerts: [] };
  return {
    ...prev,
    draft: text,
    draftAlerts: draftAlerts(prev.session, text, packs),
    updatedAt: now,
  };
}

/** Ticks or unticks a step by hand (`by`: the agent id, empty when not set). */
export function tickInTab(
  prev: TabState,
  stepId: string,
  done: boolean,
  by: string,
  now: number,
): TabState {
  return { ...prev, session: session.tickStep(prev.session, stepId, done, by || undefined, now) };
}

/**
 * Dismisses an alert with the reason, whether raised by a sent turn or by the draft. A draft's
 * alert is recorded in the case too, so the team lead sees overrides of what was about to be
 * sent as well as of what was sent.
 */
export function overrideInTab(
  prev: TabState,
  alertId: string,
  reason: string,
  by: string,
  now: number,
): { state: TabState; dismissedDraft: boolean } {
  const draft = prev.draftAlerts.find((a) => a.id === alertId);
  let s: CaseSession;
  if (draft) {
    const override = by ? { reason, at: now, by } : { reason, at: now };
    const alert = { ...draft, turn: prev.session.turns.length, at: now, override };
    s = { ...prev.session, alerts: [...prev.session.alerts, alert] };
  } else {
    s = session.overrideAlert(prev.session, alertId, reason, by || undefined, now);
  }
  const rest = prev.draftAlerts.filter((a) => a.id !== alertId);
  return { state: { ...prev, session: s, draftAlerts: rest }, dismissedDraft: draft !== undefined };
}

/** The case as it stands, closed: what its record is built from. */
export function closeCase(state: TabState, packs: Pack[], now: number): TabState {
  return { ...state, session: session.endCase(state.session, packs, now) };
}

/**
 * The agent ends the tab's case: it is closed for its record, and the tab, still on the page,
 * goes on with a new session (turns seen stay seen).
 */
export function endTabCase(
  prev: TabState,
  packs: Pack[],
  role: string,
  now: number,
): { state: TabState; ended: TabState } {
  const state: TabState = {
    ...prev,
    session: session.createSession(packs, prev.context, role || 'agent', now),
    draft: '',
    draftAlerts: [],
    startedAt: now,
    updatedAt: now,
  };
  return { state, ended: closeCase(prev, packs, now) };
}
