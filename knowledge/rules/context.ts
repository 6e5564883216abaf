/**
 * Rules that depend on who the customer is, not on words alone: a product above the customer's
 * assessed risk tolerance, an expired assessment, a channel the customer declined marketing on,
 * a collections call outside permitted hours or answered by someone else.
 *
 * A rule's `when` (pack data) names the CRM fields it needs. The verdict is three-valued: the
 * context holds, it does not, or the rule cannot be checked because the profile does not read a
 * field it needs. The last is shown to the agent ("not checked: field missing"), never silent.
 */
import type { FieldTest, RuleContext } from '../authoring/pack.ts';
import type { CaseContext } from '../types.ts';

/** What the rules know of the case at one moment. */
export interface CaseFacts {
  context: CaseContext;
  /**
   * Fields the CRM page shows, with a value or empty. Absent: only the fields in `context` count
   * (a caller that knows nothing of the profile).
   */
  read?: readonly string[];
  now: number;
  /** The centre's offset from UTC in minutes (contact hours are the centre's local time). */
  utcOffsetMinutes: number;
}

export type ContextVerdict =
  | { state: 'holds' }
  | { state: 'fails' }
  /** Fields the rule needs that the page does not give (or gives in a form not understood). */
  | { state: 'unchecked'; missing: string[] };

/** The risk level in a value: the digit of "R4", "C2", "3级"; undefined when there is none. */
export function riskLevel(value: string | undefined): number | undefined {
  const m = /[1-5]/.exec(value ?? '');
  return m ? Number(m[0]) : undefined;
}

/** A calendar date in a value (2026-03-10, 2026/3/10, 2026年3月10日, 20260310), as UTC ms. */
export function parseDate(value: string | undefined): number | undefined {
  const m = /(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})|(\d{2})(\d{2}))/.exec(
    value ?? '',
  );
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2] ?? m[4]), Number(m[3] ?? m[5])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return Date.UTC(y, mo - 1, d);
}

/** `date` plus whole calendar months (31 January + 1 month is the last day of February). */
function addMonths(date: number, months: number): number {
  const d = new Date(date);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target.getTime();
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** Minutes since local midnight at `now` in the centre's time zone. */
export function localMinutes(now: number, utcOffsetMinutes: number): number {
  const t = new Date(now + utcOffsetMinutes * 60_000);
  return t.getUTCHours() * 60 + t.getUTCMinutes();
}

/** Is a local time outside the permitted window (a window may run past midnight)? */
export function outsideWindow(minutes: number, from: string, to: string): boolean {
  const a = minutesOf(from);
  const b = minutesOf(to);
  const inside = a <= b ? minutes >= a && minutes < b : minutes >= a || minutes < b;
  return !inside;
}

/** The values a list field holds ("phone, message", "all"), folded to lower case. */
function listOf(value: string): string[] {
  return value
    .toLowerCase()
    .split(/[\s,，、;；/|]+/)
    .filter(Boolean);
}

/** The fields a context needs, in the order it names them. */
export function fieldsNeeded(when: RuleContext): string[] {
  const out = new Set<string>();
  if (when.caseTypes) out.add('caseType');
  if (when.channels) out.add('channel');
  for (const t of when.fields ?? []) {
    out.add(t.field);
    if (t.above) out.add(t.above);
    if (t.listsChannel) out.add('channel');
  }
  return [...out];
}

const isRead = (facts: CaseFacts, field: string): boolean =>
  facts.context[field] !== undefined || (facts.read?.includes(field) ?? false);

/** One field test: true, false, or the fields it could not read. */
function testField(t: FieldTest, facts: CaseFacts): boolean | string[] {
  const { context } = facts;
  const value = context[t.field];
  if (t.empty) return isRead(facts, t.field) ? (value ?? '').trim() === '' : [t.field];
  if (t.above !== undefined) {
    const mine = riskLevel(value);
    const other = riskLevel(context[t.above]);
    const missing = [
      ...(mine === undefined ? [t.field] : []),
      ...(other === undefined ? [t.above] : []),
    ];
    return missing.length > 0 ? missing : mine! > other!;
  }
  if (value === undefined || value.trim() === '') return [t.field];
  if (t.olderThanMonths !== undefined) {
    const date = parseDate(value);
    if (date === undefined) return [t.field];
    // Valid through the same day `olderThanMonths` later (an assessment of 10 March 2025 holds
    // through 10 March 2026).
    return facts.now >= addMonths(date, t.olderThanMonths) + 86_400_000;
  }
  if (t.in) {
    const v = value.trim().toLowerCase();
    return t.in.some((x) => x.toLowerCase() === v);
  }
  if (t.listsChannel) {
    const channel = context.channel;
    if (channel === undefined) return ['channel'];
    const listed = listOf(value);
    return listed.includes('all') || listed.includes(channel.toLowerCase());
  }
  return false;
}

/**
 * Does the case meet a rule's context now? Case type and channel decide whether the rule
 * applies at all; a field the rule needs that is not read makes it unchecked.
 */
export function evaluateContext(when: RuleContext, facts: CaseFacts): ContextVerdict {
  const { context } = facts;
  const missing: string[] = [];
  if (when.caseTypes) {
    if (context.caseType === undefined) missing.push('caseType');
    else if (!when.caseTypes.includes(context.caseType)) return { state: 'fails' };
  }
  if (when.channels) {
    if (context.channel === undefined) missing.push('channel');
    else if (!(when.channels as string[]).includes(context.channel)) return { state: 'fails' };
  }
  if (
    when.outsideHours &&
    !outsideWindow(
      localMinutes(facts.now, facts.utcOffsetMinutes),
      when.outsideHours.from,
      when.outsideHours.to,
    )
  )
    return { state: 'fails' }; // within hours nothing is wrong, whatever the case type
  let fails = false;
  for (const t of when.fields ?? []) {
    const r = testField(t, facts);
    if (Array.isArray(r)) missing.push(...r.filter((f) => !missing.includes(f)));
    else if (!r) fails = true;
  }
  // A test that fails on what is read settles it: the rule does not apply, whatever is missing.
  if (fails) return { state: 'fails' };
  return missing.length > 0 ? { state: 'unchecked', missing } : { state: 'holds' };
}
