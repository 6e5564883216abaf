/**
 * Commitments (SOP section 4: every promise to a customer is kept on time). Finds the
 * callbacks and deadlines an agent commits to in a turn and works out when they are due.
 * The cues are data: defaults per language, which a pack may replace.
 */
import { fold } from '../text/fold.ts';
import type { Locale } from '../types.ts';

export interface Commitment {
  id: string;
  caseId: string;
  /** What was promised, in the agent's words. */
  text: string;
  createdAt: number;
  dueAt: number;
  /** `auto`: found in the transcript; `manual`: added by the agent. */
  source: 'auto' | 'manual';
  status: 'open' | 'kept' | 'missed';
  settledAt?: number;
  /** Customer name as shown to the agent (masked when records are written). */
  customer?: string;
}

export interface CommitmentCues {
  /** A turn promising contact or an answer: one of these must match. */
  promise: string[];
  /** Words that make it no promise (questions, negations). */
  not: string[];
}

export const DEFAULT_CUES: Record<Locale, CommitmentCues> = {
  'zh-CN': {
    promise: [
      '(?:会|将|再)(?:在|于)?[^，。！？]{0,16}(?:回电|致电|联系您|联系你|回复您|答复您|给您回|通知您|告知您|回访)',
      '(?:回电|致电|联系|回复|答复|回访|告知|通知)(?:您|你)',
    ],
    not: ['不会(?:再)?(?:回电|致电|联系)', '要不要|需不需要|是否需要|可以吗？?$'],
  },
  en: {
    promise: [
      "\\b(?:we|i)(?:'ll| will| shall)\\b[^.!?]{0,40}\\b(?:call you(?: back)?|get back to you|contact you|reply to you|let you know|update you|follow up)",
      "\\b(?:you will|you'll) (?:hear|receive a call|get a call|get an answer) (?:back )?from us",
    ],
    not: ["\\b(?:won't|will not|never)\\b[^.!?]{0,20}\\b(?:call|contact)", '\\?\\s*$'],
  },
};

const DAY = 86_400_000;
const HOUR = 3_600_000;
const END_OF_DAY_HOUR = 18;

const CN_NUM: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  半: 0.5,
};

function number(raw: string): number {
  if (/^\d+(?:\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === '十') return 10;
  if (raw.length === 2 && raw[0] === '十') return 10 + (CN_NUM[raw[1]!] ?? 0);
  if (raw.length === 2 && raw[1] === '十') return (CN_NUM[raw[0]!] ?? 1) * 10;
  return CN_NUM[raw] ?? NaN;
}

function atHour(base: number, days: number, hour: number): number {
  const d = new Date(base + days * DAY);
  d.setHours(hour, 0, 0, 0);
  return d.getTime();
}

/** Adds working days (Monday to Friday), ending at close of business. */
export function addWorkingDays(from: number, days: number): number {
  let t = from;
  let left = Math.ceil(days);
  while (left > 0) {
    t += DAY;
    const wd = new Date(t).getDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return atHour(t, 0, END_OF_DAY_HOUR);
}

const CN_SPAN = '(\\d+(?:\\.\\d+)?|[一二两三四五六七八九十半]{1,2})\\s*个?\\s*';

/** When a promise made at `now` is due, from the time words in it; undefined when it names none. */
export function dueFrom(text: string, now: number): number | undefined {
  const t = fold(text);
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`${CN_SPAN}工作日`).exec(t))) return addWorkingDays(now, number(m[1]!));
  if ((m = new RegExp(`${CN_SPAN}(?:小时|钟头)`).exec(t))) return now + number(m[1]!) * HOUR;
  if ((m = new RegExp(`${CN_SPAN}分钟`).exec(t))) return now + number(m[1]!) * 60_000;
  if ((m = new RegExp(`${CN_SPAN}(?:天|日)(?:内|之内|以内)`).exec(t)))
    return atHour(now, number(m[1]!), END_OF_DAY_HOUR);
  if ((m = /(\d+|an?|one|two|three|four|five)\s+(?:working|business)\s+days?/.exec(t)))
    return addWorkingDays(now, englishNumber(m[1]!));
  if ((m = /(\d+|an?|one|two|three|four|five|half an?)\s+hours?/.exec(t)))
    return now + englishNumber(m[1]!) * HOUR;
  if ((m = /(\d+|five|ten|fifteen|twenty|thirty)\s+minutes?/.exec(t)))
    return now + englishNumber(m[1]!) * 60_000;
  if ((m = /(\d+|one|two|three|four|five|seven)\s+days?/.exec(t)))
    return atHour(now, englishNumber(m[1]!), END_OF_DAY_HOUR);
  if (/后天/.test(t)) return atHour(now, 2, END_OF_DAY_HOUR);
  if (/明天上午|明早/.test(t)) return atHour(now, 1, 12);
  if (/明天|tomorrow/.test(t)) return atHour(now, 1, END_OF_DAY_HOUR);
  if (/今天|今日|下班前|end of (?:the )?day|today/.test(t))
    return Math.max(atHour(now, 0, END_OF_DAY_HOUR), now + HOUR);
  return undefined;
}

function englishNumber(w: string): number {
  const words: Record<string, number> = {
    a: 1,
    an: 1,
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    seven: 7,
    ten: 10,
    fifteen: 15,
    twenty: 20,
    thirty: 30,
    'half a': 0.5,
    'half an': 0.5,
  };
  return /^\d/.test(w) ? Number(w) : (words[w] ?? 1);
}

const compiled = new Map<CommitmentCues, { promise: RegExp; not: RegExp | null }>();
function compile(cues: CommitmentCues) {
  let c = compiled.get(cues);
  if (!c) {
    c = {
      promise: new RegExp(cues.promise.join('|'), 'u'),
      not: cues.not.length ? new RegExp(cues.not.join('|'), 'u') : null,
    };
    compiled.set(cues, c);
  }
  return c;
}

/**
 * The commitment an agent's turn makes, if any: a promise of contact or an answer with a time
 * that says when. A promise without a time is no deadline the extension could remind of.
 */
export function findCommitment(
  text: string,
  now: number,
  cues: CommitmentCues,
): { text: string; dueAt: number } | undefined {
  const t = fold(text);
  const { promise, not } = compile(cues);
  if (!promise.test(t) || not?.test(t)) return undefined;
  const dueAt = dueFrom(text, now);
  return dueAt === undefined ? undefined : { text: text.trim(), dueAt };
}

/** Settles commitments whose time has passed unkept as missed. */
export function settle(list: Commitment[], now: number): Commitment[] {
  return list.map((c) =>
    c.status === 'open' && c.dueAt < now ? { ...c, status: 'missed', settledAt: c.dueAt } : c,
  );
}
