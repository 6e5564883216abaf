import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CUES,
  addWorkingDays,
  dueFrom,
  findCommitment,
  settle,
  type Commitment,
} from '../../../knowledge/case/commitments.ts';

// Wednesday 2026-11-25 10:00 local time.
const wed = new Date(2026, 10, 25, 10, 0, 0).getTime();
const fri = new Date(2026, 10, 27, 15, 0, 0).getTime();

describe('commitments to customers', () => {
  it('finds a callback promised with a deadline in Chinese and works out when it is due', () => {
    const c = findCommitment(
      '您的问题已转交信用卡中心核实，我们会在3个工作日内致电您的预留手机号告知处理结果。',
      wed,
      DEFAULT_CUES['zh-CN'],
    );
    expect(c).toBeDefined();
    expect(new Date(c!.dueAt)).toEqual(new Date(2026, 10, 30, 18, 0, 0));
  });

  it('understands Chinese numerals, hours and tomorrow', () => {
    expect(dueFrom('两个小时内给您回电', wed)).toBe(wed + 2 * 3_600_000);
    expect(new Date(dueFrom('明天下午我再联系您', wed)!)).toEqual(new Date(2026, 10, 26, 18, 0, 0));
    expect(new Date(dueFrom('五个工作日内答复您', wed)!)).toEqual(new Date(2026, 11, 2, 18, 0, 0));
  });

  it('skips the weekend for working days', () => {
    expect(new Date(addWorkingDays(fri, 1))).toEqual(new Date(2026, 10, 30, 18, 0, 0));
  });

  it('finds English promises, contractions included', () => {
    const c = findCommitment(
      "We'll call you back within 2 hours with the outcome.",
      wed,
      DEFAULT_CUES.en,
    );
    expect(c?.dueAt).toBe(wed + 2 * 3_600_000);
    expect(
      findCommitment('I will get back to you by tomorrow.', wed, DEFAULT_CUES.en),
    ).toBeDefined();
  });

  it('ignores questions, refusals and promises with no time', () => {
    expect(findCommitment('需不需要我明天再联系您？', wed, DEFAULT_CUES['zh-CN'])).toBeUndefined();
    expect(findCommitment('我们会联系您的。', wed, DEFAULT_CUES['zh-CN'])).toBeUndefined();
    expect(findCommitment('明天是周四。', wed, DEFAULT_CUES['zh-CN'])).toBeUndefined();
    expect(
      findCommitment("We won't call you about this again today.", wed, DEFAULT_CUES.en),
    ).toBeUndefined();
  });

  it('marks open commitments past their time as missed, and leaves kept ones alone', () => {
    const base: Commitment = {
      id: 'a',
      caseId: 'c',
      text: 't',
      createdAt: wed,
      dueAt: wed + 1000,
      source: 'auto',
      status: 'open',
    };
    const [missed, kept] = settle([base, { ...base, id: 'b', status: 'kept' }], wed + 2000);
    expect(missed?.status).toBe('missed');
    expect(kept?.status).toBe('kept');
  });
});
