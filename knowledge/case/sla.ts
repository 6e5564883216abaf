/**
 * Response-time (SLA) timers per channel from the pack: chat and phone count seconds to the
 * first reply, message and email count working hours. Pure functions of `now`.
 */
import type { Pack, SlaPolicy } from '../authoring/pack.ts';

/** Working days and hours for policies counted in working hours. */
export interface WorkingCalendar {
  /** Days of the week that are worked, 0 = Sunday. */
  days: number[];
  startHour: number;
  endHour: number;
  /** The contact centre's offset from UTC in minutes (480 for China Standard Time). */
  utcOffsetMinutes: number;
}

export const DEFAULT_CALENDAR: WorkingCalendar = {
  days: [1, 2, 3, 4, 5],
  startHour: 9,
  endHour: 18,
  utcOffsetMinutes: 480,
};

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
export function addWorkingHours(start: number, hours: number, cal = DEFAULT_CALENDAR): number {
  const off = cal.utcOffsetMinutes * 60_000;
  let t = start + off; // work in local wall-clock time
  let left = hours * HOUR;
  for (let guard = 0; guard < 400 && left > 0; guard++) {
    const day = new Date(t);
    const dayStart = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
    const open = dayStart + cal.startHour * HOUR;
    const close = dayStart + cal.endHour * HOUR;
    if (!cal.days.includes(day.getUTCDay()) || t >= close) {
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
