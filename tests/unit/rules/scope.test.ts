import { describe, expect, it } from 'vitest';
import { clearedBy, compileCues, cueView, polarity } from '../../../knowledge/rules/scope.ts';
import { prepare } from '../../../knowledge/rules/patterns.ts';
import { shippedPack } from '../../support/shipped-packs.ts';

const zh = compileCues(shippedPack('sop', 'zh-CN').guard);
const en = compileCues(shippedPack('sop', 'en').guard);

/** Why `word` in `text` does not count, or null when it stands. */
function why(cues: typeof zh, text: string, word: string): string | null {
  const view = cueView(prepare(text).text, cues);
  const at = view.text.indexOf(word);
  return clearedBy(view, cues, at, at + word.length, null);
}

describe('scope of a hit', () => {
  it('clears a claim the agent reports, and lets it stand when the agent then agrees', () => {
    expect(why(zh, '您朋友说这款稳赚，其实并不是', '稳赚')).toBe('reported');
    expect(why(zh, '您朋友说这款稳赚，确实是这样的', '稳赚')).toBeNull();
    expect(why(en, "Your friend said it's risk-free, but that's not right", 'risk-free')).toBe(
      'reported',
    );
    expect(
      why(en, "Your friend said it's risk-free, and yes, that's correct", 'risk-free'),
    ).toBeNull();
  });

  it('clears quoted words unless endorsed', () => {
    expect(why(en, 'The leaflet says "guaranteed", which we cannot confirm', 'guaranteed')).toBe(
      'quoted',
    );
  });

  it('does not carry a disclaimer past a contrast', () => {
    const text = '我们不会要求您提供密码，但是您直接告诉我吧';
    const view = cueView(prepare(text).text, zh);
    const after = view.text.indexOf('您直接');
    const before = view.text.indexOf('您提供');
    expect(polarity(view, zh, before, before + 3)).toBe(true);
    expect(polarity(view, zh, after, view.text.length)).toBe(false);
  });

  it('carries a negation over a list in the same sentence', () => {
    const text = 'We will never ask you for a one-time passcode, your PIN or your password.';
    const view = cueView(prepare(text).text, en);
    const at = view.text.indexOf('your pin');
    expect(polarity(view, en, at, at + 30)).toBe(true);
  });
});
