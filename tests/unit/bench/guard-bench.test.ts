import { describe, expect, it } from 'vitest';
import { scriptSet } from '../../bench/guard.ts';

describe('the guard bench per-script breakdown', () => {
  it('scores traditional Chinese apart from simplified, and English by its language', () => {
    expect(scriptSet('zh-CN', '您的卡背面三位数字报一下')).toBe('zh-Hans');
    expect(scriptSet('zh-CN', '您的卡背面三位數字報一下')).toBe('zh-Hant');
    expect(scriptSet('zh-TW', '請提供驗證碼')).toBe('zh-Hant');
    expect(scriptSet('en', 'Read me the code we texted you.')).toBe('en');
  });

  it('does not take Latin letters or digits in Chinese for a traditional form', () => {
    expect(scriptSet('zh-CN', '把CVV2和OTP发给我，123456')).toBe('zh-Hans');
    // 帐 is folded to 账 for matching, but it is a simplified character.
    expect(scriptSet('zh-CN', '您的帐户密码报一下')).toBe('zh-Hans');
  });
});
