import { describe, expect, it } from 'vitest';
import { newTurns } from '../../extension/tab-state.ts';

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
