/**
 * A case session: the checklist, alerts, overrides and SLA timer of one case, as plain JSON
 * (kept in the browser's session storage and restored after a service-worker restart).
 * Every function here is a pure reducer: it returns a new session and never mutates its input.
 *
 * The compiled packs are not stored in the session, only their key; they are compiled once per
 * pack set and cached. After a restart, pass the packs again (any reducer accepts them).
 */
import {
  type CompiledGuard,
  type GuardAlert,
  checkText,
  compileGuard,
  contextAlerts,
  ruleAlert,
} from '../rules/guard.ts';
import { evaluateContext, type CaseFacts } from '../rules/context.ts';
import { prepare } from '../rules/patterns.ts';
import type { Pack } from '../authoring/pack.ts';
import {
  type CompiledSop,
  type SopState,
  type StepState,
  type TriggerState,
  advance,
  checkNotes,
  compileSop,
  contextTriggers,
  stepApplies,
} from '../rules/sop.ts';
import {
  type SlaTimer,
  type WorkingCalendar,
  calendarFor,
  policyFor,
  replySla,
  slaAt,
  startSla,
} from './sla.ts';
import type { AlertKind, CaseContext, Turn } from '../types.ts';

export interface Knowledge {
  key: string;
  sop: CompiledSop;
  guard: CompiledGuard;
  packs: Pack[];
}

const cache = new Map<string, Knowledge>();

/** The cache key of a pack set: ids and versions in order. */
export function packKey(packs: Pack[]): string {
  return packs.map((p) => `${p.id}@${p.version}`).join('|');
}

/** Compiles a pack set once; later calls with the same ids and versions reuse it. */
export function knowledgeFor(packs: Pack[]): Knowledge {
  const key = packKey(packs);
  let k = cache.get(key);
  if (!k) {
    k = { key, sop: compileSop(packs), guard: compileGuard(packs), packs };
    cache.set(key, k);
  }
  return k;
}

/** Drops the compiled pack sets (packs changed, or a test simulating a worker restart). */
export function forgetKnowledge(): void {
  cache.clear();
}

function resolve(session: CaseSession, packs?: Pack[]): Knowledge {
  if (packs) return knowledgeFor(packs);
  const k = cache.get(session.packKey);
  if (!k) throw new Error(`packs ${session.packKey} are not loaded: pass them to the reducer`);
  return k;
}

/** An alert raised in the case, with where it came from and whether it was overridden. */
export interface SessionAlert extends GuardAlert {
  /** Stable within the session: rule, turn and offset. */
  id: string;
  /** Turn index; -1 for alerts raised at case end without a turn. */
  turn: number;
  at: number;
  override?: { reason: string; at: number; by?: string };
}

/** A script or article the agent put into the CRM: what the ticket summary says was used. */
export interface UsedItem {
  kind: 'script' | 'article';
  id: string;
  title: string;
}

export interface CaseSession extends SopState {
  v: 1;
  packKey: string;
  role: string;
  startedAt: number;
  endedAt?: number;
  turns: Turn[];
  alerts: SessionAlert[];
  notes: string;
  sla?: SlaTimer;
  /** A calendar passed to createSession, kept so a restarted timer counts the same days. */
  calendar?: WorkingCalendar;
  /** Scripts and articles inserted in this case, first use first. */
  used?: UsedItem[];
}

const STATE_KINDS = new Set<AlertKind>(['missing_identity_check', 'incomplete_referral']);
const CONTENT_KINDS = new Set<AlertKind>([
  'unauthorised_promise',
  'credential_request',
  'misleading_claim',
  'suitability',
  'marketing_opt_out',
  'collections_conduct',
]);
const DISCLOSURE = new Set<AlertKind>(['missing_identity_check']);

const clone = <T>(x: T): T => structuredClone(x);

/** Starts a session for a case; the SLA timer starts now, on the packs' calendar by default. */
export function createSession(
  packs: Pack[],
  context: CaseContext,
  role = 'agent',
  now: number = Date.now(),
  calendar?: WorkingCalendar,
): CaseSession {
  const k = knowledgeFor(packs);
  const session: CaseSession = {
    v: 1,
    packKey: k.key,
    role,
    context: { ...context },
    startedAt: now,
    turns: [],
    steps: {},
    triggers: {},
    alerts: [],
    notes: '',
  };
  if (calendar) session.calendar = calendar;
  const sla = startSla(policyFor(packs, context.channel), now, calendar ?? calendarFor(packs));
  if (sla) session.sla = sla;
  contextTriggers(k.sop, session, now);
  return session;
}

/** Steps that gate account disclosure: those that apply once the case touches an account. */
function identitySteps(k: Knowledge): string[] {
  return k.sop.steps.filter((s) => s.step.when?.trigger === 'account').map((s) => s.step.id);
}

function identityPending(k: Knowledge, s: SopState): boolean {
  const ids = identitySteps(k);
  return ids.length > 0 && ids.some((id) => !s.steps[id]?.done);
}

/** What the context rules know of the case at `now` (contact hours are the centre's, from its calendar). */
function factsOf(k: Knowledge, s: CaseSession, now: number): CaseFacts {
  return {
    context: s.context,
    ...(s.read ? { read: s.read } : {}),
    now,
    utcOffsetMinutes: (s.calendar ?? calendarFor(k.packs)).utcOffsetMinutes,
  };
}

/** Guard alerts for an agent's text, given the case state (disclosure needs identity first). */
function alertsFor(k: Knowledge, s: CaseSession, text: string, now: number): GuardAlert[] {
  const facts = factsOf(k, s, now);
  const content = checkText(k.guard, text, s.role, { kinds: CONTENT_KINDS, facts });
  const disclosure = checkText(k.guard, text, s.role, { kinds: DISCLOSURE });
  return disclosure.length > 0 && identityPending(k, s) ? [...content, ...disclosure] : content;
}

/** Feeds one transcript turn: ticks steps, sets triggers, raises alerts, records the SLA reply. */
export function applyTurn(
  session: CaseSession,
  turn: Turn,
  packs?: Pack[],
  now: number = turn.at ?? Date.now(),
): CaseSession {
  const k = resolve(session, packs);
  const s = clone(session);
  const index = s.turns.length;
  s.turns.push({ ...turn });
  // Steps read turns with the same regional and romanised words as the guard ("身分證字號").
  const text = prepare(turn.text, k.guard.lexicon).text;
  if (turn.speaker === 'agent' && s.sla) s.sla = replySla(s.sla, now);
  if (turn.speaker === 'customer' && s.sla?.state === 'running' && index === 0) {
    // The customer wrote first: the allowance runs from their message.
    const cal = s.calendar ?? calendarFor(k.packs);
    const restarted = startSla(policyFor(k.packs, s.context.channel), now, cal);
    if (restarted) s.sla = restarted;
  }
  const before = s.turns.slice(0, index).findLast((t) => t.speaker === turn.speaker);
  advance(
    k.sop,
    s,
    turn.speaker,
    text,
    index,
    now,
    before ? prepare(before.text, k.guard.lexicon).text : undefined,
  );
  // A live referral warning stands only while the notice is incomplete: once the agent has told
  // reason, time and contact, it is withdrawn (the one raised at case end is final).
  if (noticeDone(k, s)) s.alerts = s.alerts.filter((a) => !isLiveReferralAlert(a));
  if (turn.speaker === 'agent') {
    const found = alertsFor(k, s, turn.text, now);
    // Raised by the case alone, once: the agent is speaking on a call the rule forbids.
    for (const a of contextAlerts(k.guard, s.role, factsOf(k, s, now)))
      if (!s.alerts.some((x) => x.ruleId === a.ruleId)) found.push(a);
    if (found.some((a) => a.kind === 'missing_identity_check')) {
      // Account facts came up: the identity step now applies.
      s.triggers.account ??= { turn: index, at: now } satisfies TriggerState;
    }
    for (const a of found) {
      s.alerts.push({ ...a, id: `${a.ruleId}@${index}:${a.start}`, turn: index, at: now });
    }
    // The SOP wants the agent warned while the customer is still there: once the agent's turn
    // after the referral has passed and the notice still lacks reason, time or contact.
    const referral = s.triggers.referral;
    if (
      referral?.turn != null &&
      referral.turn < index &&
      firstAgentTurnAfter(s, referral.turn) === index
    )
      raiseIncompleteReferral(k, s, now);
  }
  return s;
}

function noticeDone(k: Knowledge, s: CaseSession): boolean {
  const notice = k.sop.steps.filter((c) => c.step.when?.trigger === 'referral');
  return notice.length > 0 && notice.every((c) => s.steps[c.step.id]?.done);
}

function isLiveReferralAlert(a: SessionAlert): boolean {
  return a.kind === 'incomplete_referral' && !a.id.endsWith(':end');
}

function firstAgentTurnAfter(s: CaseSession, turn: number): number {
  return s.turns.findIndex((t, i) => i > turn && t.speaker === 'agent');
}

/** Raises `incomplete_referral` once, when the case was referred and the notice is still open. */
function raiseIncompleteReferral(k: Knowledge, s: CaseSession, now: number, suffix = ''): void {
  const referral = s.triggers.referral;
  const notice = k.sop.steps.filter((c) => c.step.when?.trigger === 'referral');
  const open = notice.some((c) => !s.steps[c.step.id]?.done);
  if (!referral || !open || s.alerts.some((a) => a.kind === 'incomplete_referral')) return;
  const turnIndex = referral.turn ?? -1;
  const turnText = turnIndex >= 0 ? (s.turns[turnIndex]?.text ?? '') : '';
  const kinds = new Set<AlertKind>(['incomplete_referral']);
  const hit = checkText(k.guard, turnText, s.role, { kinds })[0];
  const rule = k.guard.rules.find((r) => r.rule.kind === 'incomplete_referral')?.rule;
  if (!hit && !rule) return;
  const base: GuardAlert = hit ?? ruleAlert(rule!);
  s.alerts.push({ ...base, id: `${base.ruleId}@${turnIndex}${suffix}`, turn: turnIndex, at: now });
}

/** Alerts a reply draft would raise now; the session is not changed. */
export function checkDraft(
  session: CaseSession,
  text: string,
  packs?: Pack[],
  now: number = Date.now(),
): GuardAlert[] {
  return alertsFor(resolve(session, packs), session, text, now);
}

/**
 * The case as the CRM now shows it: the customer's fields can arrive after the case opened
 * (a risk panel loaded late), and rules and triggers that depend on them read the new values.
 */
export function updateContext(
  session: CaseSession,
  context: CaseContext,
  read: readonly string[] | undefined,
  packs?: Pack[],
  now: number = Date.now(),
): CaseSession {
  const k = resolve(session, packs);
  const s = clone(session);
  s.context = { ...context };
  if (read) s.read = [...read];
  contextTriggers(k.sop, s, now);
  return s;
}

/** A rule that depends on case fields the CRM page does not give: shown, not silently skipped. */
export interface UncheckedRule {
  ruleId: string;
  title: string;
  kind: AlertKind;
  /** The CRM fields it needs that are missing. */
  missing: string[];
}

/** The context rules that cannot be checked on this case for want of a field. */
export function uncheckedRules(
  session: CaseSession,
  packs?: Pack[],
  now: number = Date.now(),
): UncheckedRule[] {
  const k = resolve(session, packs);
  const facts = factsOf(k, session, now);
  const out: UncheckedRule[] = [];
  for (const { rule } of k.guard.rules) {
    if (!rule.when) continue;
    const v = evaluateContext(rule.when, facts);
    if (v.state === 'unchecked')
      out.push({ ruleId: rule.id, title: rule.title, kind: rule.kind, missing: v.missing });
  }
  return out;
}

/** Ticks or unticks a step by hand, recording who, when and after which turn. */
export function tickStep(
  session: CaseSession,
  stepId: string,
  done: boolean,
  by?: string,
  now: number = Date.now(),
): CaseSession {
  const s = clone(session);
  const st: StepState = { done, how: 'manual', turn: s.turns.length - 1, at: now };
  if (by !== undefined) st.by = by;
  s.steps[stepId] = st;
  return s;
}

/** Updates the CRM notes field; `record` style steps tick (or untick) from it. */
export function setNotes(
  session: CaseSession,
  notes: string,
  packs?: Pack[],
  now: number = Date.now(),
): CaseSession {
  const k = resolve(session, packs);
  const s = clone(session);
  s.notes = notes;
  checkNotes(k.sop, s, notes, s.turns.length - 1, now);
  return s;
}

/** Notes a script or article the agent inserted (once per item). */
export function noteUsed(session: CaseSession, item: UsedItem): CaseSession {
  const used = session.used ?? [];
  if (used.some((u) => u.kind === item.kind && u.id === item.id)) return session;
  return { ...session, used: [...used, { kind: item.kind, id: item.id, title: item.title }] };
}

/** Records an agent's override of an alert with the reason (kept for the team lead). */
export function overrideAlert(
  session: CaseSession,
  alertId: string,
  reason: string,
  by?: string,
  now: number = Date.now(),
): CaseSession {
  const s = clone(session);
  const a = s.alerts.find((x) => x.id === alertId);
  if (a) a.override = by === undefined ? { reason, at: now } : { reason, at: now, by };
  return s;
}

/**
 * Ends the case: the notes are checked for the record step, a referral whose notice is still
 * incomplete raises `incomplete_referral`, and the SLA timer is settled.
 */
export function endCase(
  session: CaseSession,
  packs?: Pack[],
  now: number = Date.now(),
): CaseSession {
  const k = resolve(session, packs);
  const s = clone(session);
  checkNotes(k.sop, s, s.notes, s.turns.length - 1, now);
  raiseIncompleteReferral(k, s, now, ':end');
  if (s.sla) s.sla = slaAt(s.sla, now);
  s.endedAt = now;
  return s;
}

/** The steps that apply to the case now, in pack order. */
export function applicableSteps(session: CaseSession, packs?: Pack[]): string[] {
  const k = resolve(session, packs);
  return k.sop.steps.map((c) => c.step.id).filter((id) => stepApplies(k.sop, session, id));
}

/** The first applicable step not yet done (the one the sidebar highlights). */
export function currentStep(session: CaseSession, packs?: Pack[]): string | undefined {
  return applicableSteps(session, packs).find((id) => !session.steps[id]?.done);
}

/** Kinds of alert that depend on the case state rather than on the words alone. */
export const STATE_ALERT_KINDS: ReadonlySet<AlertKind> = STATE_KINDS;
