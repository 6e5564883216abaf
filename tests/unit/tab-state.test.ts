import { describe, expect, it } from 'vitest';
import { draftWasSent, newTurns } from '../../extension/tab-state.ts';

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
