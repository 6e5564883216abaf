/**
 * The state of the case open on one CRM tab, as the background keeps it in session storage.
 * Folding frame reports into it is pure, so it is tested in Node.
 */
import { mergeFrames, type FieldReading, type FrameReading } from '../crm/reader.ts';
import type { GuardAlert } from '../rules/guard.ts';
import type { CaseLanguage, PageDeclaration } from './language.ts';
import type { CaseSession } from './session.ts';
import type { CaseContext, Locale, Turn } from '../types.ts';
/** An alert the reply draft would raise, as the sidebar and the inline warning show it. */
export type DraftAlert = GuardAlert & { id: string };

export interface FrameState extends FrameReading {
  url: string;
  at: number;
}

export interface TabState {
  tabId: number;
  profileId: string;
  profileName: string;
  url: string;
  /** Readings per frame id, so a report from one frame never erases another's. */
  frames: Record<string, FrameState>;
  fields: Record<string, FieldReading>;
  context: CaseContext;
  turns: Turn[];
  notes?: string;
  hasReply: boolean;
  /** The engines' state for this case (checklist, alerts, overrides, SLA). */
  session: CaseSession;
  /** The primary language of the packs this case runs on (`language.primary`). */
  locale: Locale;
  /** The case's pack languages as last decided (absent in a state kept by an older version). */
  language?: CaseLanguage;
  draft: string;
  draftAlerts: DraftAlert[];
  startedAt: number;
  updatedAt: number;
  /** Cases the agent left for another on this tab, most recent first, to resume on return. */
  parked?: ParkedCase[];
}

/** A case left for another on the same tab: what it takes to carry on where it stopped. */
export interface ParkedCase {
  caseId: string;
  profileId: string;
  locale: Locale;
  language?: CaseLanguage;
  session: CaseSession;
  turns: Turn[];
  notes?: string;
  startedAt: number;
}

/** How many left cases a tab keeps to resume (a queue of a few open cases). */
const MAX_PARKED = 5;

/** A case's pack languages; a state kept before they were decided runs its one locale. */
export function languageOf(state: Pick<TabState, 'locale' | 'language'>): CaseLanguage {
  return state.language ?? { primary: state.locale, bilingual: false, source: 'fallback' };
}

/**
 * What the tab's frames declare about their language, the most telling first: the frame that
 * holds the transcript, then the others in frame order.
 */
export function pageDeclarations(frames: Record<string, FrameState>): PageDeclaration[] {
  return Object.entries(frames)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, f]) => f)
    .sort((a, b) => Number(b.transcript !== undefined) - Number(a.transcript !== undefined))
    .flatMap((f) => (f.page ? [f.page] : []));
}

/** The tab's left cases once the agent leaves `prev` for another case. */
export function parkCase(prev: TabState): ParkedCase[] {
  const caseId = prev.context.caseId;
  const others = (prev.parked ?? []).filter((p) => p.caseId !== caseId);
  if (caseId === undefined) return others;
  const left: ParkedCase = {
    caseId,
    profileId: prev.profileId,
    locale: prev.locale,
    ...(prev.language ? { language: prev.language } : {}),
    session: prev.session,
    turns: prev.turns,
    startedAt: prev.startedAt,
  };
  if (prev.notes !== undefined) left.notes = prev.notes;
  return [left, ...others].slice(0, MAX_PARKED);
}

/** The left case the agent has come back to, if this tab kept it. */
export function resumedCase(
  parked: readonly ParkedCase[],
  caseId: string | undefined,
  profileId: string,
): ParkedCase | undefined {
  return caseId === undefined
    ? undefined
    : parked.find((p) => p.caseId === caseId && p.profileId === profileId);
}

/** The case context a merged reading yields: each field's value where one was found. */
export function contextOf(fields: Record<string, FieldReading>): CaseContext {
  const context: CaseContext = {};
  for (const [name, f] of Object.entries(fields))
    if (f.value !== undefined) context[name] = f.value;
  return context;
}

/**
 * Merges frame readings in frame order (top frame first; Chrome numbers subframes in the
 * order they were created, which for static pages is document order).
 */
export function mergeTabFrames(frames: Record<string, FrameState>): FrameReading {
  const ordered = Object.entries(frames)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, f]) => f);
  return mergeFrames(ordered);
}

/**
 * How the transcript grew: the turns after the longest common prefix with what was seen.
 * A CRM that re-renders the same turns yields nothing new.
 */
export function newTurns(
  seen: readonly Turn[],
  now: readonly Turn[],
): { appended: Turn[]; rewritten: boolean } {
  let i = 0;
  while (
    i < seen.length &&
    i < now.length &&
    seen[i]!.speaker === now[i]!.speaker &&
    seen[i]!.text === now[i]!.text
  )
    i++;
  return { appended: now.slice(i), rewritten: i < seen.length };
}

const sameText = (a: string, b: string): boolean =>
  a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/**
 * Whether the draft went out with the turns just read: one of them is the agent's and says the
 * same. A draft the agent began after sending is another one and keeps its alerts; a draft that
 * only looks different (the CRM reworded it) is re-checked by the frame once its box is empty.
 */
export function draftWasSent(draft: string, appended: readonly Turn[]): boolean {
  if (draft.trim() === '') return true;
  return appended.some((t) => t.speaker === 'agent' && sameText(t.text, draft));
}
