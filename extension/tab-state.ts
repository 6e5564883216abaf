/**
 * The state of the case open on one CRM tab, as the background keeps it in session storage.
 * Folding frame reports into it is pure, so it is tested in Node.
 */
import { mergeFrames, type FieldReading, type FrameReading } from '../knowledge/crm-reader.ts';
import type { GuardAlert } from '../knowledge/guard.ts';
import type { CaseSession } from '../knowledge/session.ts';
import type { CaseContext, Locale, Turn } from '../knowledge/types.ts';
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
  /** Language of the packs this case runs on. */
  locale: Locale;
  draft: string;
  draftAlerts: DraftAlert[];
  startedAt: number;
  updatedAt: number;
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
