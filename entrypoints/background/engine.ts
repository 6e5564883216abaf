/**
 * The seam between browser state and the engines of knowledge/ (SOP checklist, guard, SLA).
 * Every call passes the packs, so a session restored after a worker restart just works.
 */
import type { Settings } from '../../extension/storage.ts';
import { packsFor } from '../../extension/packs.ts';
import type { DraftAlert } from '../../knowledge/case/tab.ts';
import * as session from '../../knowledge/case/session.ts';
import type { CaseSession } from '../../knowledge/case/session.ts';
import type { CaseContext, Locale, Turn } from '../../knowledge/types.ts';

export function startCase(
  context: CaseContext,
  settings: Settings,
  locale: Locale,
  now: number,
): CaseSession {
  return session.createSession(packsFor(locale), context, settings.role || 'agent', now);
}

export function feedTurns(s: CaseSession, locale: Locale, turns: Turn[], now: number): CaseSession {
  let next = s;
  for (const turn of turns) {
    const index = next.turns.length;
    next = session.applyTurn(next, turn, packsFor(locale), turn.at ?? now);
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

export function setNotes(s: CaseSession, locale: Locale, notes: string, now: number): CaseSession {
  return session.setNotes(s, notes, packsFor(locale), now);
}

/** The alerts a draft would raise now, with ids stable while the draft keeps the words. */
export function checkDraft(s: CaseSession, locale: Locale, text: string): DraftAlert[] {
  // A rule the agent already dismissed for this draft (with a reason) stays dismissed while they type on.
  const dismissed = new Set(
    s.alerts
      .filter((a) => a.override && a.turn === s.turns.length)
      .map((a) => `${a.ruleId}|${a.match}`),
  );
  return session
    .checkDraft(s, text, packsFor(locale))
    .filter((a) => !dismissed.has(`${a.ruleId}|${a.match}`))
    .map((a) => ({ ...a, id: `draft:${a.ruleId}:${a.start}` }));
}

export function tickStep(
  s: CaseSession,
  stepId: string,
  done: boolean,
  by: string,
  now: number,
): CaseSession {
  return session.tickStep(s, stepId, done, by || undefined, now);
}

export function overrideAlert(
  s: CaseSession,
  alertId: string,
  reason: string,
  by: string,
  now: number,
): CaseSession {
  return session.overrideAlert(s, alertId, reason, by || undefined, now);
}

/**
 * Dismissing a draft's alert records it in the case with the reason, so the team lead sees
 * overrides of what was about to be sent as well as of what was sent.
 */
export function overrideDraftAlert(
  s: CaseSession,
  alert: DraftAlert,
  reason: string,
  by: string,
  now: number,
): CaseSession {
  const override = by ? { reason, at: now, by } : { reason, at: now };
  return { ...s, alerts: [...s.alerts, { ...alert, turn: s.turns.length, at: now, override }] };
}

export function endCase(s: CaseSession, locale: Locale, now: number): CaseSession {
  return session.endCase(s, packsFor(locale), now);
}
