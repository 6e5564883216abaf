import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fold, isTraditional } from '../../../knowledge/text/fold.ts';

describe('fold', () => {
  it('turns traditional characters into simplified ones', () => {
    expect(fold('們證碼錢賺險賬銀貸額')).toBe('们证码钱赚险账银贷额');
    expect(fold('保證收益，穩賺不賠')).toBe('保证收益,稳赚不赔');
    expect(fold('重設密碼')).toBe('重设密码');
  });

  it('takes 帐 and 帳 for 账, as mainland banking text writes it', () => {
    expect(fold('帳戶')).toBe('账户');
    expect(fold('转帐')).toBe(fold('转账'));
  });

  it('tells a traditional character from a simplified one and from a simplified variant', () => {
    expect(isTraditional('帳')).toBe(true);
    expect(isTraditional('銀')).toBe(true);
    expect(isTraditional('帐')).toBe(false);
    expect(isTraditional('银')).toBe(false);
    expect(isTraditional('a')).toBe(false);
  });

  it('leaves simplified Chinese unchanged', () => {
    const s = '您好，请问有什么可以帮到您';
    expect(fold(s)).toBe('您好,请问有什么可以帮到您');
    expect(fold('重置密码')).toBe('重置密码');
  });

  it('turns full-width letters, digits, spaces and punctuation into ASCII', () => {
    expect(fold('ＡＢＣ１２３')).toBe('abc123');
    expect(fold('卡号：６２２２\u3000ＯＫ！')).toBe('卡号:6222 ok!');
    expect(fold('（保本）？')).toBe('(保本)?');
    expect(fold('《通知》【重要】“是”')).toBe('<通知>[重要]"是"');
  });

  it('lower-cases Latin text', () => {
    expect(fold('Reset My PASSWORD')).toBe('reset my password');
    expect(fold('ÉTÉ')).toBe('été');
  });

  it('keeps the length of any text, so spans map back to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(fold(s).length).toBe(s.length);
      }),
    );
    const original = '請問我的帳戶餘額是多少？';
    const at = fold(original).indexOf('余额');
    expect(original.slice(at, at + 2)).toBe('餘額');
  });

  it('keeps characters outside the basic plane intact', () => {
    expect(fold('𠀀A')).toBe('𠀀a');
  });
});
