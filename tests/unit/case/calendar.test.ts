import { describe, expect, it } from 'vitest';
import { shippedPack } from '../../support/shipped-packs.ts';
import { type Pack, validatePack } from '../../../knowledge/authoring/pack.ts';
import { applyTurn, createSession } from '../../../knowledge/case/session.ts';
import {
  DEFAULT_CALENDAR,
  type WorkingCalendar,
  addWorkingHours,
  calendarFor,
  isWorkingDay,
  publicHolidayYears,
} from '../../../knowledge/case/sla.ts';

const H = 3_600_000;
/** An instant given as China wall-clock time (UTC+8); month 1 = January. */
const cst = (y: number, m: number, d: number, h: number, min = 0) =>
  Date.UTC(y, m - 1, d, h - 8, min);

const CN: WorkingCalendar = { ...DEFAULT_CALENDAR, publicHolidays: 'cn' };

// The State Council's 2025 arrangement: National Day and Mid-Autumn off from Wednesday 1 to
// Wednesday 8 October; Sunday 28 September and Saturday 11 October are make-up working days.
const TUE_30_SEP_15H = cst(2025, 9, 30, 15);

function pack(calendar: unknown, id = 'cal'): Pack {
  return { schemaVersion: 1, id, name: id, locale: 'en', version: '1', calendar } as Pack;
}

describe('working calendar with China public holidays (chinese-days)', () => {
  it('runs an email over National Day to the first working day after it', () => {
    // 3 of the 4 hours on Tuesday (15:00-18:00), the last hour on Thursday 9 October.
    expect(addWorkingHours(TUE_30_SEP_15H, 4, CN)).toBe(cst(2025, 10, 9, 10));
    for (let d = 1; d <= 8; d++) expect(isWorkingDay(`2025-10-0${d}`, CN)).toBe(false);
    expect(isWorkingDay('2025-10-09', CN)).toBe(true);
  });

  it('works the 调休 make-up weekend days', () => {
    expect(isWorkingDay('2025-09-28', CN)).toBe(true); // a Sunday
    expect(isWorkingDay('2025-10-11', CN)).toBe(true); // a Saturday
    // Friday 10 October 17:00 + 2 h: one hour on Friday, one on the make-up Saturday.
    expect(addWorkingHours(cst(2025, 10, 10, 17), 2, CN)).toBe(cst(2025, 10, 11, 10));
    // Saturday 27 September (an ordinary Saturday) to the make-up Sunday.
    expect(addWorkingHours(cst(2025, 9, 27, 12), 1, CN)).toBe(cst(2025, 9, 28, 10));
  });

  it("keeps plain weekdays with publicHolidays 'none' and in the default calendar", () => {
    const none: WorkingCalendar = { ...DEFAULT_CALENDAR, publicHolidays: 'none' };
    // National Day is a Wednesday like any other; the make-up Saturday is off.
    expect(addWorkingHours(TUE_30_SEP_15H, 4, none)).toBe(cst(2025, 10, 1, 10));
    expect(addWorkingHours(cst(2025, 10, 10, 17), 2, none)).toBe(cst(2025, 10, 13, 10));
    expect(addWorkingHours(TUE_30_SEP_15H, 4)).toBe(cst(2025, 10, 1, 10));
    expect(DEFAULT_CALENDAR.publicHolidays).toBeUndefined();
  });

  it("puts the pack's own dates first", () => {
    const closed = { ...CN, holidays: ['2025-10-09'] };
    expect(addWorkingHours(TUE_30_SEP_15H, 4, closed)).toBe(cst(2025, 10, 10, 10));
    const opened = { ...CN, workdays: ['2025-10-08'] };
    expect(addWorkingHours(TUE_30_SEP_15H, 4, opened)).toBe(cst(2025, 10, 8, 10));
    // The pack may close a make-up day, and open an ordinary Saturday.
    expect(isWorkingDay('2025-10-11', { ...CN, holidays: ['2025-10-11'] })).toBe(false);
    expect(isWorkingDay('2025-10-18', { ...CN, workdays: ['2025-10-18'] })).toBe(true);
    expect(isWorkingDay('2025-10-18', CN)).toBe(false);
  });

  it('falls back to the days of the week in a year the library does not cover', () => {
    const years = publicHolidayYears();
    expect(years).toBeDefined();
    const { first, last } = years!;
    expect(first).toBeLessThanOrEqual(2025);
    expect(last).toBeGreaterThanOrEqual(2025);
    // 元旦 is a public holiday in every covered year.
    expect(isWorkingDay(`${first}-01-01`, CN)).toBe(false);
    expect(isWorkingDay(`${last}-01-01`, CN)).toBe(false);
    const saturdays = { ...CN, days: [1, 2, 3, 4, 5, 6] };
    for (const year of [first - 1, last + 1]) {
      for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 24 * H) {
        const date = new Date(t).toISOString().slice(0, 10);
        const weekday = new Date(t).getUTCDay();
        expect(isWorkingDay(date, CN), date).toBe(weekday >= 1 && weekday <= 5);
        expect(isWorkingDay(date, saturdays), date).toBe(weekday >= 1);
      }
    }
  });

  it('lets the first pack that sets a key win, over the default', () => {
    const cal = calendarFor([
      pack({ publicHolidays: 'cn', holidays: ['2025-12-24'] }, 'a'),
      pack({ publicHolidays: 'none', startHour: 8, holidays: ['2025-12-31'] }, 'b'),
    ]);
    expect(cal).toEqual({
      ...DEFAULT_CALENDAR,
      startHour: 8,
      publicHolidays: 'cn',
      holidays: ['2025-12-24'],
    });
    expect(calendarFor([])).toEqual(DEFAULT_CALENDAR);
  });
});

describe('the shipped SOP packs and the case session', () => {
  const ZH = [shippedPack('sop', 'zh-CN')];
  const EN = [shippedPack('sop', 'en')];

  it('count China public holidays in both languages', () => {
    expect(calendarFor(ZH).publicHolidays).toBe('cn');
    expect(calendarFor(EN).publicHolidays).toBe('cn');
  });

  it('starts an email timer on the packs calendar and restarts it on the same one', () => {
    // The shipped packs give email 2 working hours: 1 h on Tuesday, 1 h on Thursday 9 October.
    const at = cst(2025, 9, 30, 17);
    const s = createSession(EN, { channel: 'email' }, 'agent', at);
    expect(s.sla?.dueAt).toBe(cst(2025, 10, 9, 10));
    // The customer's email at 17:30 restarts it: 30 min on Tuesday, 90 on Thursday.
    const later = cst(2025, 9, 30, 17, 30);
    const next = applyTurn(s, { speaker: 'customer', text: 'Hello', at: later }, EN);
    expect(next.sla).toMatchObject({ startedAt: later, dueAt: cst(2025, 10, 9, 10, 30) });
  });

  it('keeps a calendar passed to createSession for the restart', () => {
    const none: WorkingCalendar = { ...DEFAULT_CALENDAR, publicHolidays: 'none' };
    const s = createSession(ZH, { channel: 'email' }, 'agent', cst(2025, 9, 30, 17), none);
    expect(s.sla?.dueAt).toBe(cst(2025, 10, 1, 10));
    const later = cst(2025, 9, 30, 17, 30);
    const next = applyTurn(s, { speaker: 'customer', text: '你好', at: later }, ZH);
    expect(next.sla?.dueAt).toBe(cst(2025, 10, 1, 10, 30));
  });
});

describe('pack calendar validation', () => {
  const errors = (calendar: unknown) => {
    const r = validatePack(pack(calendar));
    return r.ok ? [] : r.errors;
  };

  it('accepts a full calendar', () => {
    const ok = {
      utcOffsetMinutes: 480,
      days: [1, 2, 3, 4, 5, 6],
      startHour: 8.5,
      endHour: 20,
      publicHolidays: 'cn',
      holidays: ['2025-12-24'],
      workdays: ['2025-12-27'],
    };
    expect(errors(ok)).toEqual([]);
  });

  it('reports each mistake with its path', () => {
    const paths = (calendar: unknown) => errors(calendar).map((e) => e.path);
    expect(paths({ holidays: ['2025/10/01'] })).toEqual(['calendar.holidays[0]']);
    expect(paths({ workdays: ['2025-10-11', '2025-02-30'] })).toEqual(['calendar.workdays[1]']);
    expect(paths({ days: [1, 7] })).toEqual(['calendar.days[1]']);
    expect(paths({ startHour: -1, endHour: 25 })).toEqual([
      'calendar.startHour',
      'calendar.endHour',
    ]);
    expect(paths({ startHour: 18, endHour: 9 })).toEqual(['calendar.endHour']);
    expect(paths({ publicHolidays: 'us' })).toEqual(['calendar.publicHolidays']);
    expect(paths({ holidays: ['2025-10-11'], workdays: ['2025-10-11'] })).toEqual([
      'calendar.workdays[0]',
    ]);
    expect(paths('cn')).toEqual(['calendar']);
  });
});
