import { describe, expect, it } from 'vitest';
import {
  addWorkingHours,
  replySla,
  slaAt,
  slaView,
  startSla,
} from '../../../knowledge/case/sla.ts';

// Mon 2026-01-05 10:00 China time = 02:00 UTC.
const MON_10 = Date.UTC(2026, 0, 5, 2, 0, 0);
const H = 3_600_000;

describe('SLA timers', () => {
  it('gives chat 30 s to the first reply: met on time, breached when late', () => {
    const t = startSla({ channel: 'chat', firstReplySeconds: 30 }, MON_10)!;
    expect(t.dueAt).toBe(MON_10 + 30_000);
    expect(replySla(t, MON_10 + 29_000)).toMatchObject({
      state: 'met',
      repliedAt: MON_10 + 29_000,
    });
    expect(replySla(t, MON_10 + 31_000)).toMatchObject({
      state: 'breached',
      breachedAt: MON_10 + 30_000,
    });
  });

  it('turns a running timer amber at half time and red once due', () => {
    const t = startSla({ channel: 'phone', firstReplySeconds: 15 }, 0)!;
    expect(slaView(t, 5_000).tone).toBe('ok');
    expect(slaView(t, 9_000).tone).toBe('warn');
    expect(slaView(t, 16_000)).toMatchObject({ state: 'breached', tone: 'late' });
    expect(slaAt(t, 16_000).breachedAt).toBe(15_000);
  });

  it('counts email in working hours, over the evening and the weekend', () => {
    expect(startSla({ channel: 'email', replyWorkingHours: 2 }, MON_10)!.dueAt).toBe(
      MON_10 + 2 * H,
    );
    const fri17 = MON_10 + 4 * 24 * H + 7 * H; // Friday 17:00 local
    const due = addWorkingHours(fri17, 2);
    expect(due).toBe(MON_10 + 7 * 24 * H); // 1 h on Friday, 1 h on Monday: Monday 10:00
  });

  it('has no timer for a channel without an allowance', () => {
    expect(startSla(undefined, 0)).toBeUndefined();
    expect(startSla({ channel: 'social' }, 0)).toBeUndefined();
  });
});
