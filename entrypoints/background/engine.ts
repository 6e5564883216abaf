/**
 * The seam between browser state and the engines of knowledge/ (SOP checklist, guard, SLA).
 */
import type { Settings } from '../../extension/storage.ts';
import type { DraftAlert } from '../../extension/tab-state.ts';
import type { CaseContext, Turn } from '../../knowledge/types.ts';

export type EngineSession = unknown;

export function startCase(_context: CaseContext, _settings: Settings, _now: number): EngineSession {
  return undefined;
}

export function feedTurns(
  session: EngineSession,
  _context: CaseContext,
  _turns: Turn[],
  _now: number,
): EngineSession {
  return session;
}

export function setNotes(session: EngineSession, _notes: string, _now: number): EngineSession {
  return session;
}

export function checkDraft(
  _session: EngineSession,
  _context: CaseContext,
  _text: string,
): DraftAlert[] {
  return [];
}

export function tickStep(
  session: EngineSession,
  _stepId: string,
  _done: boolean,
  _now: number,
): EngineSession {
  return session;
}

export function overrideAlert(
  session: EngineSession,
  _alertId: string,
  _reason: string,
  _now: number,
): EngineSession {
  return session;
}
