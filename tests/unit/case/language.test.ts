import { describe, expect, it } from 'vitest';
import {
  caseLocales,
  decideLanguage,
  localeOfCharset,
  localeOfTag,
  scriptOf,
  type CaseLanguage,
  type LanguageInput,
} from '../../../knowledge/case/language.ts';
import type { Turn } from '../../../knowledge/types.ts';

const agent = (text: string): Turn => ({ speaker: 'agent', text });
const customer = (text: string): Turn => ({ speaker: 'customer', text });

const ZH_GREETING = agent(
  '您好，很高兴为您服务，我是XX金融的客服代表10086，请问有什么可以帮到您？',
);
const ZH_ASK = customer('请问现在三年期的大额存单利率是多少？20万起存吗？');
const EN_GREETING = agent(
  'Good morning, thank you for calling XX Finance, this is agent 10086, how can I help you today?',
);
const EN_ASK = customer(
  'Hi, I would like to know the rate on a three year certificate of deposit.',
);
const EN_MORE = customer('Can I take the money out early, and what happens to the interest then?');
const EN_THANKS = customer('That is clear, thank you very much for explaining it to me.');

/** Decides with an English UI unless told otherwise: the UI language must not decide. */
const decide = (input: Partial<LanguageInput>, prev?: CaseLanguage) =>
  decideLanguage({ fallback: 'en', ...input }, prev);

/** Decides report after report, as the tab does: each transcript seen in turn. */
function follow(turns: Turn[], input: Partial<LanguageInput> = {}): CaseLanguage[] {
  const seen: CaseLanguage[] = [];
  let prev: CaseLanguage | undefined;
  for (let i = 1; i <= turns.length; i++) {
    prev = decide({ ...input, turns: turns.slice(0, i) }, prev);
    seen.push(prev);
  }
  return seen;
}

describe('a case runs the packs of the language it is in, not the UI language', () => {
  it('a Chinese page in an English browser runs the Chinese packs, from the page alone', () => {
    expect(decide({ pages: [{ lang: 'zh-CN', charset: 'UTF-8' }] })).toEqual({
      primary: 'zh-CN',
      bilingual: false,
      source: 'page',
    });
    // A legacy frame with no lang at all, served in GBK.
    expect(decide({ pages: [{ charset: 'UTF-8' }, { charset: 'GBK' }] }).primary).toBe('zh-CN');
  });

  it('an English page in a Chinese browser runs the English packs', () => {
    const l = decideLanguage({ fallback: 'zh-CN', pages: [{ lang: 'en-US', charset: 'UTF-8' }] });
    expect(l).toMatchObject({ primary: 'en', bilingual: false });
  });

  it('UTF-8 and an unknown lang say nothing: the transcript decides', () => {
    const l = decide({ pages: [{ lang: 'fr', charset: 'UTF-8' }], turns: [ZH_ASK] });
    expect(l).toMatchObject({ primary: 'zh-CN', source: 'conversation' });
  });

  it('with nothing at all, the UI language is the last resort', () => {
    expect(decide({})).toMatchObject({ primary: 'en', source: 'fallback' });
    expect(decideLanguage({ fallback: 'zh-CN' }).primary).toBe('zh-CN');
  });

  it('a draft typed before any turn tells the language when nothing else does', () => {
    expect(decide({ draft: '这款产品保本保收益，您放心买' })).toMatchObject({ primary: 'zh-CN' });
  });

  it('traditional Chinese pages and Big5 run the zh-CN packs (the guard folds to simplified)', () => {
    expect(decide({ pages: [{ lang: 'zh-Hant-TW' }] }).primary).toBe('zh-CN');
    expect(decide({ pages: [{ charset: 'Big5' }] }).primary).toBe('zh-CN');
    expect(localeOfCharset('gb18030')).toBe('zh-CN');
    expect(localeOfCharset('GB2312')).toBe('zh-CN');
    expect(localeOfCharset('utf-8')).toBeUndefined();
    expect(localeOfCharset('windows-1252')).toBeUndefined();
  });

  it('reads region subtags for the places where cases are bilingual', () => {
    expect(localeOfTag('zh-HK')).toEqual({ locale: 'zh-CN', regional: true });
    expect(localeOfTag('en-SG')).toEqual({ locale: 'en', regional: true });
    expect(localeOfTag('en_US')).toEqual({ locale: 'en', regional: false });
    expect(localeOfTag('')).toEqual({ regional: false });
  });
});

describe('an explicit choice wins', () => {
  it('the pack-language setting fixes the language over page and transcript', () => {
    const l = decide({ setting: 'en', pages: [{ lang: 'zh-CN' }], turns: [ZH_GREETING, ZH_ASK] });
    expect(l).toEqual({ primary: 'en', bilingual: false, source: 'setting' });
  });

  it('the profile locale fixes it when the setting is auto; a list of two is bilingual', () => {
    expect(decide({ setting: 'auto', profile: 'zh-CN', turns: [EN_ASK] })).toEqual({
      primary: 'zh-CN',
      bilingual: false,
      source: 'profile',
    });
    expect(decide({ profile: ['en', 'zh-CN'] })).toEqual({
      primary: 'en',
      bilingual: true,
      source: 'profile',
    });
    expect(decide({ profile: 'auto', pages: [{ lang: 'zh-CN' }] }).source).toBe('page');
  });

  it('"both" runs both packs, the conversation choosing which comes first', () => {
    const l = decide({ setting: 'both', turns: [ZH_ASK] });
    expect(l).toMatchObject({ primary: 'zh-CN', bilingual: true, source: 'conversation' });
    expect(caseLocales(l)).toEqual(['zh-CN', 'en']);
    expect(caseLocales(decide({ setting: 'both', turns: [EN_ASK] }))).toEqual(['en', 'zh-CN']);
  });

  it('with "both", which comes first still keeps to the conversation, with the same hysteresis', () => {
    const turns = [ZH_GREETING, ZH_ASK, EN_ASK, EN_MORE, EN_THANKS];
    const steps = follow(turns, { setting: 'both' });
    expect(steps.map((l) => l.primary)).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'en']);
    expect(steps.every((l) => l.bilingual)).toBe(true);
  });
});

describe('the conversation decides, and re-decides when it changes language', () => {
  it('reads scripts without being fooled by names, numbers, addresses and product codes', () => {
    expect(scriptOf(ZH_GREETING.text).script).toBe('zh');
    expect(scriptOf(EN_GREETING.text).script).toBe('en');
    expect(scriptOf('我想了解一下Wealth Plus这个产品').script).toBe('zh');
    expect(
      scriptOf('请您打开 https://www.example.com/fund/ABC123 查看 QDII-2024 的说明').script,
    ).toBe('zh');
    expect(scriptOf('John Smith 6222 0212 3456 7890').script).toBeUndefined();
    expect(scriptOf('Mary Ann Lee', ['Mary Ann Lee']).script).toBeUndefined();
    expect(scriptOf('我想check下我个account balance').script).toBe('mixed');
  });

  it('an English-speaking customer on a Chinese page: the conversation overrides the page', () => {
    const steps = follow([EN_GREETING, EN_ASK], { pages: [{ lang: 'zh-CN' }] });
    expect(steps.map((l) => l.primary)).toEqual(['en', 'en']);
    expect(steps[1]).toMatchObject({ bilingual: false, source: 'conversation' });
  });

  it('one English product name in a Chinese chat changes nothing', () => {
    const turns = [
      ZH_GREETING,
      ZH_ASK,
      customer('Premium Gold Card'),
      agent('好的，金卡的年费是首年免收。'),
    ];
    const steps = follow(turns, { pages: [{ lang: 'zh-CN' }] });
    expect(steps.map((l) => l.primary)).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
    expect(steps.at(-1)!.bilingual).toBe(false);
  });

  it('switches once the last few turns are clearly the other language', () => {
    const turns = [ZH_GREETING, ZH_ASK, EN_ASK, EN_MORE, EN_THANKS];
    const steps = follow(turns, { pages: [{ lang: 'zh-CN' }] });
    expect(steps.map((l) => l.primary)).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'en']);
    // Both languages were spoken in earnest: from the first English message both packs run.
    expect(steps.map((l) => l.bilingual)).toEqual([false, false, true, true, true]);
  });

  it('a switch made of short messages still runs both packs: the old language is not dropped', () => {
    const short = ['Is that right?', 'I see, thank you.', 'What about fees?'].map(customer);
    const steps = follow([ZH_GREETING, ZH_ASK, ...short], { pages: [{ lang: 'zh-CN' }] });
    expect(steps.map((l) => l.bilingual)).toEqual([false, false, false, false, true]);
    expect(steps.at(-1)!.primary).toBe('en');
  });

  it('an English greeting in a Chinese chat runs both packs at once, so it still ticks', () => {
    const l = follow([ZH_ASK, EN_GREETING], { pages: [{ lang: 'zh-CN' }] }).at(-1)!;
    expect(l).toMatchObject({ primary: 'zh-CN', bilingual: true });
  });

  it('on a Hong Kong page a single mixed message makes the case bilingual', () => {
    const turns = [ZH_GREETING, customer('我想check下我个account balance')];
    expect(follow(turns, { pages: [{ lang: 'zh-HK' }] }).at(-1)).toMatchObject({
      primary: 'zh-CN',
      bilingual: true,
    });
    expect(follow(turns, { pages: [{ lang: 'zh-CN' }] }).at(-1)!.bilingual).toBe(false);
  });

  it('a page that loads after the first report still decides an undecided case', () => {
    const first = decide({});
    expect(first.source).toBe('fallback');
    expect(decide({ pages: [{ charset: 'GBK' }] }, first)).toMatchObject({ primary: 'zh-CN' });
  });
});

describe('hostile or odd messages do not decide the language', () => {
  it('ignores pasted markup, and a key held down for 100,000 letters is read in one pass', () => {
    expect(scriptOf('<script>window.__pwned=1</script>').script).toBeUndefined();
    expect(scriptOf('<a href="javascript:alert(1)">click</a>').script).toBeUndefined();
    // Quadratic backtracking on a long letter run once stalled a case for minutes: this returns
    // at once (the test's own timeout would catch a regression).
    expect(scriptOf(`超长${'x'.repeat(100_000)}`).script).toBeUndefined();
    expect(scriptOf(`${'x'.repeat(100_000)}`).latin).toBe(0);
  });
});
