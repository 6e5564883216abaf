/**
 * The case summary (SOP section 5, 服务小结与记录): the ticket text of process, need, result and
 * customer feedback, drafted offline from the case session, without a language model. What is
 * looked for and how it is worded are pack data (`summary`); this module only applies them.
 */
import { fold } from '../text/fold.ts';
import { fillLines, fillWording } from '../text/template.ts';
import { expandTerms } from '../rules/patterns.ts';
import { stepApplies } from '../rules/sop.ts';
import type { Pack } from '../authoring/pack.ts';
import {
  DEFAULT_SUMMARY_LABELS,
  FALLBACK_SUMMARY,
  SUMMARY_SLOTS,
} from '../authoring/pack-summary.ts';
import type {
  FieldCondition,
  PackSummary,
  SummaryLabels,
  SummaryPhrase,
} from '../authoring/pack-summary.ts';
import type { Turn } from '../types.ts';
import { type CaseSession, type Knowledge, type UsedItem, knowledgeFor } from './session.ts';
import { type Commitment, settle } from './commitments.ts';
import { calendarFor } from './sla.ts';

export type SummarySlot =
  | 'need'
  | 'identity'
  | 'knowledge'
  | 'result'
  | 'referral'
  | 'commitment'
  | 'complaint'
  | 'mood'
  | 'open';

export type { UsedItem };

export interface SummaryFact {
  slot: SummarySlot;
  text: string;
  /** Machine value for checkable slots: identity 'verified'|'not_verified'|'not_needed'; referral: the department or 'yes'; commitment: ISO due time; complaint: 'yes'. */
  value?: string;
}

export interface SummaryInput {
  session: CaseSession;
  packs: Pack[];
  commitments?: Commitment[];
  /** What the agent inserted (default: what the session remembers). */
  used?: UsedItem[];
  now: number;
}

export interface SummaryDraft {
  /** The ticket text, from the pack's template; never a raw {{placeholder}} left in. */
  text: string;
  facts: SummaryFact[];
  /** Extra ticket fields (category, result code…) filled by the pack's rules. */
  fields: Record<string, string>;
}

// Step ids of the default checklist (shared/SOP.md): a contract, not a pack choice.
const NEED = 'confirm_need';
const IDENTITY = 'verify_identity';
const RESOLVE = 'resolve';
const COMPLAINT_TYPE = 'complaint';

interface CompiledPhrase {
  res: RegExp[];
  label?: string;
}

interface Config {
  summary: PackSummary;
  labels: Required<SummaryLabels>;
  institution?: string;
  restatement: CompiledPhrase[];
  filler: RegExp[];
  notGist: RegExp[];
  identityDetails: CompiledPhrase[];
  department: CompiledPhrase[];
  reason: CompiledPhrase[];
  time: CompiledPhrase[];
  contact: CompiledPhrase[];
  complaintAbout: CompiledPhrase[];
  complaint: RegExp[];
  mood: RegExp[];
}

const configs = new WeakMap<Pack[], Config>();

function configFor(packs: Pack[]): Config {
  let c = configs.get(packs);
  if (c) return c;
  // The first pack with a summary section wins, as for steps: its phrases use its own terms.
  const pack = packs.find((p) => p.summary);
  const summary = pack?.summary ?? FALLBACK_SUMMARY;
  const terms = pack?.guard?.terms;
  const re = (s: string): RegExp => new RegExp(expandTerms(s, terms), 'du');
  const phrases = (list: SummaryPhrase[] | undefined): CompiledPhrase[] =>
    (list ?? []).map((p) => ({
      res: p.patterns.map(re),
      ...(p.label !== undefined ? { label: p.label } : {}),
    }));
  const p = summary.patterns ?? {};
  c = {
    summary,
    labels: { ...DEFAULT_SUMMARY_LABELS, ...summary.labels },
    ...((pack?.institution ?? packs.find((x) => x.institution)?.institution)
      ? { institution: (pack?.institution ?? packs.find((x) => x.institution)?.institution)! }
      : {}),
    restatement: phrases(p.restatement),
    filler: (p.filler ?? []).map(re),
    notGist: (p.notGist ?? []).map(re),
    identityDetails: phrases(p.identityDetails),
    department: phrases(p.department),
    reason: phrases(p.reason),
    time: phrases(p.time),
    contact: phrases(p.contact),
    complaintAbout: phrases(p.complaintAbout),
    complaint: (p.complaint ?? []).map(re),
    mood: (p.mood ?? []).map(re),
  };
  configs.set(packs, c);
  return c;
}

/** The first phrase found in a text: its label, or the `v` group / match cut from the original. */
function findPhrase(phrases: CompiledPhrase[], text: string): string | undefined {
  const folded = fold(text);
  for (const p of phrases) {
    for (const re of p.res) {
      const m = re.exec(folded);
      if (!m) continue;
      if (p.label !== undefined) return p.label;
      const span = m.indices?.groups?.v ?? m.indices?.[0];
      if (!span) continue;
      // Folding keeps offsets, so the span cuts the turn as the CRM shows it.
      const got = tidy(text.slice(span[0], span[1]));
      if (got) return got;
    }
  }
  return undefined;
}

/** Every labelled phrase found in any of the texts, in pack order. */
function allLabels(phrases: CompiledPhrase[], texts: string[]): string[] {
  const folded = texts.map(fold);
  const out: string[] = [];
  for (const p of phrases) {
    const hit = p.res.some((re) => folded.some((t) => re.test(t)));
    if (hit && p.label !== undefined && !out.includes(p.label)) out.push(p.label);
  }
  return out;
}

const EDGE = /^[\s,.;:!?，。；：！？、"“”'‘’]+|[\s,.;:!?，。；：！？、"“”'‘’]+$/gu;
const tidy = (s: string): string => s.replace(EDGE, '').replace(/\s+/g, ' ');

/** Cuts a text to a clause of at most `max` characters, at a clause break when there is one. */
function clip(text: string, max: number): string {
  const t = tidy(text);
  if (t.length <= max) return t;
  const head = t.slice(0, max);
  const cut = Math.max(...[...'，。；！？,.;!?'].map((c) => head.lastIndexOf(c)));
  if (cut >= max / 3) return tidy(head.slice(0, cut));
  // Latin text is cut between words, never inside one.
  const space = head.lastIndexOf(' ');
  return `${tidy(space >= max / 2 ? head.slice(0, space) : head)}…`;
}

const QUOTE_MAX = 40;

/**
 * The clause of a text holding a match (for quoting the customer's mood); a long clause is
 * narrowed to the words around the match, so the mood word itself is always quoted.
 */
function clauseAt(text: string, index: number, length: number): string {
  const breaks = /[，。；！？,.;!?\n]/u;
  let from = index;
  while (from > 0 && !breaks.test(text[from - 1]!)) from--;
  let to = index + length;
  while (to < text.length && !breaks.test(text[to]!)) to++;
  if (to - from <= QUOTE_MAX) return tidy(text.slice(from, to));
  let a = Math.max(from, index + length - QUOTE_MAX + 8);
  let b = Math.min(to, a + QUOTE_MAX);
  // Latin text: widen to whole words.
  while (a > from && /\w/.test(text[a - 1]!) && /\w/.test(text[a]!)) a--;
  while (b < to && /\w/.test(text[b - 1]!) && /\w/.test(text[b]!)) b++;
  return `${a > from ? '…' : ''}${tidy(text.slice(a, b))}${b < to ? '…' : ''}`;
}

/** A request opening with an answer ("Yes, the agent would not…"): the answer is no part of it. */
function dropLead(text: string, filler: RegExp[]): string {
  const m = /^([^，,。.！!？?]+)[，,。.！!]\s*(?=\S)/u.exec(text);
  return m && filler.some((re) => re.test(fold(tidy(m[1]!)))) ? text.slice(m[0].length) : text;
}

/** A wording with its variables removed, for when none of them has a value. */
const bare = (label: string): string =>
  tidy(
    label
      .replace(/\{\{[^}]*\}\}/g, '')
      .replace(/[（(]\s*[)）]/g, '')
      .replace(/[:：]\s*$/, ''),
  );

/** A time as the centre's clock shows it: YYYY-MM-DD HH:mm at its UTC offset. */
function localTime(at: number, offsetMinutes: number): string {
  const d = new Date(at + offsetMinutes * 60_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

function conditionHolds(when: FieldCondition, session: CaseSession): boolean {
  if (when.caseTypes && !when.caseTypes.includes(session.context.caseType ?? '')) return false;
  if (when.steps && !when.steps.every((id) => session.steps[id]?.done)) return false;
  if (when.triggers && !when.triggers.every((id) => session.triggers[id])) return false;
  if (when.alerts && !when.alerts.some((k) => session.alerts.some((a) => a.kind === k)))
    return false;
  if (when.patterns?.length) {
    const res = when.patterns.map((p) => new RegExp(p, 'u'));
    if (!session.turns.some((t) => res.some((re) => re.test(fold(t.text))))) return false;
  }
  return true;
}

/** What every part of the draft reads: the case, the pack's summary section, the facts so far. */
interface Draft {
  session: CaseSession;
  turns: Turn[];
  k: Knowledge;
  c: Config;
  L: Required<SummaryLabels>;
  /** The centre's UTC offset in minutes. */
  offset: number;
  facts: SummaryFact[];
  /** The customer's own words of their request (the need, and a complaint's fallback). */
  words: string;
  needTurn: number | undefined;
  /** The case's commitments, settled at `now`. */
  commitments: Commitment[];
}

function add(d: Draft, slot: SummarySlot, text: string, value?: string): void {
  if (text.trim()) d.facts.push(value === undefined ? { slot, text } : { slot, text, value });
}

const agentTexts = (turns: Turn[], from = 0): string[] =>
  turns.slice(Math.max(0, from)).flatMap((t) => (t.speaker === 'agent' ? [t.text] : []));

/** Need: the agent's restatement, and the customer's own words (their first real request). */
function needPart(d: Draft): void {
  const { c, L, turns } = d;
  const restatedTurn = d.needTurn !== undefined ? turns[d.needTurn] : undefined;
  const restated =
    restatedTurn?.speaker === 'agent'
      ? clip(findPhrase(c.restatement, restatedTurn.text) ?? restatedTurn.text, 80)
      : '';
  const words = d.words;
  add(
    d,
    'need',
    restated ? fillWording(L.need, { restated, words }) : fillWording(L.needWords, { words }),
  );
}

/** Identity: verified (and which details), not verified although needed, or not needed. */
function identityPart(d: Draft): void {
  const { c, L, k, session, turns } = d;
  if (!k.sop.byId.has(IDENTITY)) return;
  const st = session.steps[IDENTITY];
  if (st?.done) {
    const upTo = st.turn ?? turns.length - 1;
    const texts = turns.slice(0, Math.max(0, upTo) + 1).map((t) => t.text);
    const how = allLabels(c.identityDetails, texts).join(L.list);
    add(
      d,
      'identity',
      fillWording(L.identityVerified, { how }) || bare(L.identityVerified),
      'verified',
    );
  } else if (stepApplies(k.sop, session, IDENTITY))
    add(d, 'identity', L.identityNotVerified, 'not_verified');
  else add(d, 'identity', L.identityNotNeeded, 'not_needed');
}

/** Result and referral: the notice is told after the referral (its reason often just before). */
function resultPart(d: Draft): void {
  const { c, L, session, turns } = d;
  const referral = session.triggers.referral;
  if (!referral) {
    if (session.steps[RESOLVE]?.done) {
      const gist = gistFrom(c, turns, session.steps[RESOLVE].turn ?? -1, d.needTurn);
      add(d, 'result', fillWording(L.resolved, { gist }) || bare(L.resolved), 'resolved');
    } else add(d, 'result', L.unresolved, 'open');
    return;
  }
  const texts = agentTexts(turns, referral.turn != null ? referral.turn - 1 : 0);
  const department = scanAll(c.department, texts);
  // What was done before the referral belongs in the ticket too ("已为您临时冻结了这张卡").
  const st = session.steps[RESOLVE];
  const done =
    st?.done && referral.turn != null
      ? gistFrom(c, turns, st.turn ?? -1, d.needTurn, referral.turn)
      : '';
  const result = [
    fillWording(L.referred, { department }) || bare(L.referred),
    fillWording(L.handled, { gist: done }),
  ].filter(Boolean);
  add(d, 'result', result.join(L.separator), 'referred');
  const parts = [
    fillWording(L.referralDepartment, { department }),
    fillWording(L.referralReason, { reason: clipped(scanAll(c.reason, texts), 50) }),
    fillWording(L.referralTime, { time: scanAll(c.time, texts) }),
    fillWording(L.referralContact, { contact: scanAll(c.contact, texts) }),
  ].filter(Boolean);
  // Nothing told but perhaps the department: the ticket's reader must know to follow up.
  if (parts.length <= 1) parts.push(L.referralUntold);
  add(d, 'referral', parts.join(L.separator), department ?? 'yes');
}

function commitmentPart(d: Draft): void {
  for (const x of d.commitments)
    add(
      d,
      'commitment',
      fillWording(d.L.commitment, { text: clip(x.text, 80), due: localTime(x.dueAt, d.offset) }),
      new Date(x.dueAt).toISOString(),
    );
}

/** Complaint (by case type, or the customer's own "我要投诉") and the mood as the customer said it. */
function complaintPart(d: Draft): void {
  const { c, L, session, turns } = d;
  const customer = turns.filter((t) => t.speaker === 'customer');
  const complaint =
    session.context.caseType === COMPLAINT_TYPE ||
    customer.some((t) => c.complaint.some((re) => re.test(fold(t.text))));
  if (complaint) {
    const about = scanAll(c.complaintAbout, agentTexts(turns)) ?? d.words;
    add(d, 'complaint', fillWording(L.complaint, { about: clip(about, 60) }), 'yes');
  }
  const quotes: string[] = [];
  for (const t of customer) {
    const folded = fold(t.text);
    const m = c.mood.map((re) => re.exec(folded)).find((x) => x !== null);
    if (!m) continue;
    const q = clauseAt(t.text, m.index, m[0].length);
    if (q && !quotes.includes(q)) quotes.push(q);
  }
  if (quotes.length > 0) {
    const quoted = quotes.map((q) => fillWording(L.quote, { text: q })).join(L.separator);
    add(d, 'mood', fillWording(L.mood, { quotes: quoted }));
  }
}

/** Open items: applicable steps not done, promises still to keep. */
function openPart(d: Draft): void {
  const { c, L, k, session } = d;
  const notOpen = new Set(c.summary.notOpen ?? []);
  for (const cs of k.sop.steps) {
    const id = cs.step.id;
    if (notOpen.has(id) || session.steps[id]?.done || !stepApplies(k.sop, session, id)) continue;
    add(d, 'open', fillWording(L.openStep, { step: cs.step.title }));
  }
  for (const x of d.commitments.filter((m) => m.status === 'open'))
    add(
      d,
      'open',
      fillWording(L.openCommitment, { text: clip(x.text, 60), due: localTime(x.dueAt, d.offset) }),
    );
}

function ticketFields(c: Config, session: CaseSession): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const f of c.summary.fields ?? []) {
    const hit = f.rules.find((r) => conditionHolds(r.when, session));
    const value = hit?.value ?? f.default;
    if (value !== undefined) fields[f.field] = value;
  }
  return fields;
}

/** Drafts the ticket summary of a case from its session. */
export function draftSummary(input: SummaryInput): SummaryDraft {
  const { session, packs, now } = input;
  const c = configFor(packs);
  const turns = session.turns;
  const request = turns.find(
    (t) =>
      t.speaker === 'customer' &&
      tidy(t.text).length >= 4 &&
      !c.filler.some((re) => re.test(fold(tidy(t.text)))),
  );
  const d: Draft = {
    session,
    turns,
    k: knowledgeFor(packs),
    c,
    L: c.labels,
    offset: (session.calendar ?? calendarFor(packs)).utcOffsetMinutes,
    facts: [],
    words: request ? clip(dropLead(request.text, c.filler), 90) : '',
    needTurn: session.steps[NEED]?.done ? session.steps[NEED].turn : undefined,
    // Settled at `now`, so a passed deadline is not shown as still to keep.
    commitments: settle(input.commitments ?? [], now).filter(
      (x) => !session.context.caseId || !x.caseId || x.caseId === session.context.caseId,
    ),
  };
  needPart(d);
  identityPart(d);
  for (const u of input.used ?? input.session.used ?? []) {
    const kind = u.kind === 'script' ? d.L.script : d.L.article;
    add(d, 'knowledge', fillWording(d.L.knowledgeItem, { kind, title: u.title }));
  }
  resultPart(d);
  commitmentPart(d);
  complaintPart(d);
  openPart(d);
  const vars: Record<string, string | undefined> = {
    ...session.context,
    institution: c.institution,
    date: localTime(now, d.offset).slice(0, 10),
  };
  for (const slot of SUMMARY_SLOTS)
    vars[slot] = d.facts
      .filter((f) => f.slot === slot)
      .map((f) => f.text)
      .join(d.L.separator);
  return {
    text: fillLines(c.summary.template, vars, SUMMARY_SLOTS),
    facts: d.facts,
    fields: ticketFields(c, session),
  };
}

/**
 * The gist of the answer: from the turn that ticked the resolve step on, the first agent turn
 * with a sentence that is no question, greeting or identity formality (a step can tick on the
 * greeting or the restatement when they mention a figure).
 */
function gistFrom(
  c: Config,
  turns: Turn[],
  from: number,
  needTurn: number | undefined,
  before = turns.length,
): string {
  for (let i = Math.max(0, from); i < Math.min(before, turns.length); i++) {
    const t = turns[i]!;
    if (t.speaker !== 'agent' || i === needTurn) continue;
    const kept = (t.text.match(/[^。！？!?.]+(?:[。！？!?.]+|$)/gu) ?? [])
      .filter((sentence) => !/[?？]\s*$/u.test(sentence))
      .filter((sentence) => !c.notGist.some((re) => re.test(fold(sentence))));
    const gist = clip(kept.join(''), 80);
    if (gist) return gist;
  }
  // Every sentence was a formality or an apology: the answering turn itself, rather than nothing
  // (but not before a referral, where the referral says what happened).
  const own = before >= turns.length ? turns[from] : undefined;
  return own?.speaker === 'agent' && from !== needTurn ? clip(own.text, 80) : '';
}

const clipped = (s: string | undefined, max: number): string | undefined =>
  s === undefined ? undefined : clip(s, max);

function scanAll(phrases: CompiledPhrase[], texts: string[]): string | undefined {
  for (const t of texts) {
    const got = findPhrase(phrases, t);
    if (got) return got;
  }
  return undefined;
}
