/**
 * Response-time (SLA) timers per channel from the pack: chat and phone count seconds to the
 * first reply, message and email count working hours. Pure functions of `now`.
 *
 * Working days come from the pack's calendar: dates the pack declares, then mainland China's
 * public holidays and 调休 make-up working days from the chinese-days library (bundled data, no
 * network), then the days of the week. A year the library has no data for falls back to the
 * days of the week; `publicHolidayYears` tells which years it covers.
 */
import chineseDays from 'chinese-days';
import type { Pack, PackCalendar, SlaPolicy } from '../authoring/pack.ts';

// The default export: Node loads the library's CommonJS build, whose names only it exposes.
const { getHolidaysInRange, getWorkdaysInRange } = chineseDays;

/** Working days and hours for policies counted in working hours. */
export interface WorkingCalendar {
  /** Days of the week that are worked, 0 = Sunday. */
  days: number[];
  startHour: number;
  endHour: number;
  /** The contact centre's offset from UTC in minutes (480 for China Standard Time). */
  utcOffsetMinutes: number;
  /** `cn`: mainland China's public holidays are off and its 调休 make-up days worked. */
  publicHolidays?: 'cn' | 'none';
  /** Dates (YYYY-MM-DD, local) the centre is closed, whatever the library or weekday says. */
  holidays?: string[];
  /** Dates (YYYY-MM-DD, local) the centre works, whatever the library or weekday says. */
  workdays?: string[];
}

/** Weekdays only, no public holidays: what callers got before calendars knew holidays. */
export const DEFAULT_CALENDAR: WorkingCalendar = {
  days: [1, 2, 3, 4, 5],
  startHour: 9,
  endHour: 18,
  utcOffsetMinutes: 480,
};

/** The calendar of a pack set: for each key, the first pack that sets it, over the default. */
export function calendarFor(packs: Pack[]): WorkingCalendar {
  const first = <K extends keyof PackCalendar>(key: K): PackCalendar[K] =>
    packs.find((p) => p.calendar?.[key] !== undefined)?.calendar?.[key];
  const cal: WorkingCalendar = {
    days: first('days') ?? DEFAULT_CALENDAR.days,
    startHour: first('startHour') ?? DEFAULT_CALENDAR.startHour,
    endHour: first('endHour') ?? DEFAULT_CALENDAR.endHour,
    utcOffsetMinutes: first('utcOffsetMinutes') ?? DEFAULT_CALENDAR.utcOffsetMinutes,
  };
  const publicHolidays = first('publicHolidays');
  const holidays = first('holidays');
  const workdays = first('workdays');
  if (publicHolidays) cal.publicHolidays = publicHolidays;
  if (holidays) cal.holidays = holidays;
  if (workdays) cal.workdays = workdays;
  return cal;
}

interface CnYear {
  off: Set<string>;
  /** 调休: weekend days worked to make up for a long holiday. */
  worked: Set<string>;
}

const cnYears = new Map<number, CnYear | null>();
// Years probed for library data; far outside them the library has nothing to say.
const FIRST_YEAR = 1949;
const LAST_YEAR = 2200;

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

// 元旦 (1 January) is a public holiday every year, so the library lists it exactly for the years
// whose arrangement it holds.
function cnCovers(year: number): boolean {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) return false;
  const jan1 = `${year}-01-01`;
  return getHolidaysInRange(jan1, jan1, false).length > 0;
}

function cnYear(year: number): CnYear | undefined {
  if (!cnYears.has(year)) {
    let facts: CnYear | null = null;
    if (cnCovers(year)) {
      const from = `${year}-01-01`;
      const to = `${year}-12-31`;
      const off = new Set(getHolidaysInRange(from, to, false));
      const weekend = (d: string) => weekday(d) === 0 || weekday(d) === 6;
      const worked = new Set(getWorkdaysInRange(from, to, true).filter(weekend));
      facts = { off, worked };
    }
    cnYears.set(year, facts);
  }
  return cnYears.get(year) ?? undefined;
}

let covered: { first: number; last: number } | null | undefined;

/**
 * The years (inclusive) for which chinese-days knows China's public holidays and make-up days,
 * or undefined when it knows none; other years count by the days of the week only.
 */
export function publicHolidayYears(): { first: number; last: number } | undefined {
  if (covered === undefined) {
    let first: number | undefined;
    let last: number | undefined;
    for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
      if (!cnCovers(y)) continue;
      first ??= y;
      last = y;
    }
    covered = first !== undefined && last !== undefined ? { first, last } : null;
  }
  return covered ?? undefined;
}

/** Whether a local date (YYYY-MM-DD) is worked: pack dates, then public holidays, then weekday. */
export function isWorkingDay(date: string, cal: WorkingCalendar = DEFAULT_CALENDAR): boolean {
  if (cal.workdays?.includes(date)) return true;
  if (cal.holidays?.includes(date)) return false;
  if (cal.publicHolidays === 'cn') {
    const facts = cnYear(Number(date.slice(0, 4)));
    if (facts?.worked.has(date)) return true;
    if (facts?.off.has(date)) return false;
  }
  return cal.days.includes(weekday(date));
}

export type SlaState = 'running' | 'met' | 'breached';

/** A timer as stored in the case session (plain JSON). */
export interface SlaTimer {
  channel: string;
  startedAt: number;
  dueAt: number;
  /** When the timer turns amber. */
  warnAt: number;
  state: SlaState;
  /** When the first reply went out (met or late). */
  repliedAt?: number;
  /** When the allowance ran out without a reply. */
  breachedAt?: number;
}

/** The policy for a channel, first pack first. */
export function policyFor(packs: Pack[], channel: string | undefined): SlaPolicy | undefined {
  for (const p of packs) {
    const found = p.sla?.find((s) => s.channel === channel);
    if (found) return found;
  }
  return undefined;
}

const HOUR = 3_600_000;

/** Adds working time to an instant, skipping nights and days off. */
export function addWorkingHours(
  start: number,
  hours: number,
  cal: WorkingCalendar = DEFAULT_CALENDAR,
): number {
  const off = cal.utcOffsetMinutes * 60_000;
  let t = start + off; // work in local wall-clock time
  let left = hours * HOUR;
  for (let guard = 0; guard < 400 && left > 0; guard++) {
    const day = new Date(t);
    const dayStart = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
    const open = dayStart + cal.startHour * HOUR;
    const close = dayStart + cal.endHour * HOUR;
    if (!isWorkingDay(day.toISOString().slice(0, 10), cal) || t >= close) {
      t = dayStart + 24 * HOUR + cal.startHour * HOUR;
      continue;
    }
    if (t < open) t = open;
    const step = Math.min(left, close - t);
    t += step;
    left -= step;
  }
  return t - off;
}

/** Starts the timer of a policy at `startedAt`; undefined when the policy sets no allowance. */
export function startSla(
  policy: SlaPolicy | undefined,
  startedAt: number,
  cal: WorkingCalendar = DEFAULT_CALENDAR,
): SlaTimer | undefined {
  if (!policy) return undefined;
  let dueAt: number;
  if (policy.firstReplySeconds !== undefined) dueAt = startedAt + policy.firstReplySeconds * 1000;
  else if (policy.replyWorkingHours !== undefined)
    dueAt = addWorkingHours(startedAt, policy.replyWorkingHours, cal);
  else return undefined;
  const warnAt = startedAt + (dueAt - startedAt) * (policy.warnAt ?? 0.5);
  return { channel: policy.channel, startedAt, dueAt, warnAt, state: 'running' };
}

/** Records the first reply: met when on time, breached (at the due time) when late. */
export function replySla(timer: SlaTimer, at: number): SlaTimer {
  if (timer.state !== 'running') return timer;
  if (at <= timer.dueAt) return { ...timer, state: 'met', repliedAt: at };
  return { ...timer, state: 'breached', repliedAt: at, breachedAt: timer.dueAt };
}

/** The timer as it stands at `now` (a running timer past its due time is breached). */
export function slaAt(timer: SlaTimer, now: number): SlaTimer {
  if (timer.state === 'running' && now > timer.dueAt)
    return { ...timer, state: 'breached', breachedAt: timer.dueAt };
  return timer;
}

/** What the sidebar shows: state, time left (negative when late) and colour. */
export function slaView(
  timer: SlaTimer,
  now: number,
): { state: SlaState; remainingMs: number; tone: 'ok' | 'warn' | 'late' } {
  const t = slaAt(timer, now);
  const remainingMs = t.dueAt - (t.repliedAt ?? now);
  const tone =
    t.state === 'breached' ? 'late' : t.state === 'running' && now >= t.warnAt ? 'warn' : 'ok';
  return { state: t.state, remainingMs, tone };
}
