/**
 * The parts of the pack format that describe the case rather than the words: tests on the
 * CRM's fields (suitability, marketing refusal, collections) and the centre's working calendar.
 */
import {
  type Check,
  bool,
  isPlainObject,
  list,
  num,
  obj,
  oneOf,
  str,
  opt,
  req,
  words,
  isoDate,
} from './schema.ts';
import { CHANNELS } from '../types.ts';
import type { Channel } from '../types.ts';

/**
 * A test on one CRM field of the case (the profile reads it): rules that depend on who the
 * customer is. A field the profile does not read leaves the rule "not checked".
 */
export interface FieldTest {
  field: string;
  /** The field's level (the digit of "R4", "C2") is above that of this other field. */
  above?: string;
  /** A date older than this many months at the time of the turn (an expired assessment). */
  olderThanMonths?: number;
  /** The CRM shows the field but it holds no value (no assessment on file). */
  empty?: boolean;
  /** The value is one of these (normalised by the profile's `map`). */
  in?: string[];
  /** The value lists the case's channel, or `all` (channels the customer declined marketing on). */
  listsChannel?: boolean;
}

/** When a rule applies, from the case rather than the words: all given parts must hold. */
export interface RuleContext {
  caseTypes?: string[];
  channels?: Channel[];
  fields?: FieldTest[];
  /** Permitted contact hours in the centre's time zone ("08:00"–"22:00"): holds outside them. */
  outsideHours?: { from: string; to: string };
}

/**
 * The contact centre's working calendar for policies counted in working hours; every key is
 * optional and the first pack that sets it wins. Dates are local, YYYY-MM-DD.
 */
export interface PackCalendar {
  utcOffsetMinutes?: number;
  /** Days of the week that are worked, 0 = Sunday. */
  days?: number[];
  startHour?: number;
  endHour?: number;
  /** `cn`: mainland China's public holidays are off and its 调休 make-up days worked. */
  publicHolidays?: 'cn' | 'none';
  /** Dates the centre is closed (they win over public holidays and weekdays). */
  holidays?: string[];
  /** Dates the centre works (they win over public holidays and weekdays). */
  workdays?: string[];
}

const fieldName = str({ pattern: /^[A-Za-z][\w]*$/, hint: 'a CRM field name', max: 80 });
const clock = str({ pattern: /^([01]\d|2[0-4]):[0-5]\d$/, hint: 'expected a time as HH:MM' });
export const fieldTest = obj({
  field: req(fieldName),
  above: opt(fieldName),
  olderThanMonths: opt(num({ min: 0 })),
  empty: opt(bool),
  in: opt(words),
  listsChannel: opt(bool),
});
export const ruleContext = obj({
  caseTypes: opt(words),
  channels: opt(list(oneOf(CHANNELS))),
  fields: opt(list(fieldTest)),
  outsideHours: opt(obj({ from: req(clock), to: req(clock) })),
});

// A real calendar date, so "2025-02-30" is refused rather than silently never matching.
const calendarDate: Check = (v, path, errors) => {
  const before = errors.length;
  isoDate(v, path, errors);
  if (errors.length > before || typeof v !== 'string') return;
  const d = new Date(`${v}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v)
    errors.push({ path, reason: 'not a calendar date' });
};

const hour = num({ min: 0, max: 24 });

const calendarShape = obj({
  utcOffsetMinutes: opt(num({ min: -720, max: 840, integer: true })),
  days: opt(list(num({ min: 0, max: 6, integer: true }), { max: 7 })),
  startHour: opt(hour),
  endHour: opt(hour),
  publicHolidays: opt(oneOf(['cn', 'none'])),
  holidays: opt(list(calendarDate)),
  workdays: opt(list(calendarDate)),
});

// A date both closed and worked, or a day that closes before it opens, cannot be meant.
export const calendar: Check = (v, path, errors) => {
  calendarShape(v, path, errors);
  if (!isPlainObject(v)) return;
  const c = v as PackCalendar;
  if (typeof c.startHour === 'number' && typeof c.endHour === 'number' && c.endHour <= c.startHour)
    errors.push({
      path: path ? `${path}.endHour` : 'endHour',
      reason: 'must be later than startHour',
    });
  if (!Array.isArray(c.holidays) || !Array.isArray(c.workdays)) return;
  const off = new Set(c.holidays);
  c.workdays.forEach((d, i) => {
    if (off.has(d))
      errors.push({
        path: `${path ? `${path}.` : ''}workdays[${i}]`,
        reason: `${d} is also in holidays`,
      });
  });
};
