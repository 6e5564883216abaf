import { describe, expect, it } from 'vitest';
import {
  type TabState,
  draftWasSent,
  newTurns,
  parkCase,
  resumedCase,
} from '../../../knowledge/case/tab.ts';

describe('following the transcript', () => {
  const a = { speaker: 'customer' as const, text: '你好' };
  const b = { speaker: 'agent' as const, text: '您好，请问有什么可以帮您？' };
  const c = { speaker: 'customer' as const, text: '查余额' };

  it('yields only the turns after what was seen', () => {
    expect(newTurns([a], [a, b, c]).appended).toEqual([b, c]);
  });

  it('yields nothing when the CRM re-renders the same turns', () => {
    expect(newTurns([a, b], [a, b])).toEqual({ appended: [], rewritten: false });
  });

  it('notices a rewritten transcript', () => {
    expect(newTurns([a, b], [a, c]).rewritten).toBe(true);
  });
});

describe('a draft and the message sent', () => {
  const sent = { speaker: 'agent' as const, text: '您好，很高兴为您服务。' };
  const customer = { speaker: 'customer' as const, text: '这款理财保本吗？' };

  it('the draft that went out is gone', () => {
    expect(draftWasSent('您好，很高兴为您服务。', [sent])).toBe(true);
    expect(draftWasSent(' 您好，很高兴为您服务。\n', [customer, sent])).toBe(true);
  });

  it('a draft begun after sending stays, with its alerts', () => {
    expect(draftWasSent('这款理财保本保收益，稳赚不赔。', [sent])).toBe(false);
  });

  it('a customer saying the same words sends nothing of the agent', () => {
    expect(draftWasSent('这款理财保本吗？', [customer])).toBe(false);
  });

  it('an empty draft has nothing to keep', () => {
    expect(draftWasSent('', [customer])).toBe(true);
  });
});

describe('cases left and come back to on one tab', () => {
  const tab = (caseId: string | undefined, parked?: TabState['parked']): TabState =>
    ({
      tabId: 1,
      profileId: 'demo-spa',
      profileName: 'SPA',
      url: 'http://crm/',
      frames: {},
      fields: {},
      context: caseId === undefined ? {} : { caseId },
      turns: [{ speaker: 'customer', text: `about ${caseId}` }],
      hasReply: true,
      session: { id: caseId } as unknown as TabState['session'],
      locale: 'zh-CN',
      draft: '',
      draftAlerts: [],
      startedAt: caseId ? caseId.length : 0,
      updatedAt: 0,
      ...(parked ? { parked } : {}),
    }) as TabState;

  it('keeps the case left, and finds it again only for its own id and CRM', () => {
    const parked = parkCase(tab('A'));
    expect(resumedCase(parked, 'A', 'demo-spa')).toMatchObject({
      caseId: 'A',
      turns: [{ text: 'about A' }],
      session: { id: 'A' },
    });
    expect(resumedCase(parked, 'B', 'demo-spa')).toBeUndefined();
    expect(resumedCase(parked, 'A', 'other-crm')).toBeUndefined();
    expect(resumedCase(parked, undefined, 'demo-spa')).toBeUndefined();
  });

  it('keeps the latest few, one copy of each case, and nothing without a case id', () => {
    let parked: TabState['parked'] = [];
    for (const id of ['A', 'B', 'C', 'D', 'E', 'F', 'B']) parked = parkCase(tab(id, parked));
    expect(parked.map((p) => p.caseId)).toEqual(['B', 'F', 'E', 'D', 'C']);
    expect(parkCase(tab(undefined, parked))).toEqual(parked);
  });
});
