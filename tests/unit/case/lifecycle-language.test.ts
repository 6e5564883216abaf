import { describe, expect, it } from 'vitest';
import { shippedPack } from '../../support/shipped-packs.ts';
import { casePacks } from '../../../knowledge/case/bilingual.ts';
import {
  type FrameReport,
  closeCase,
  draftChanged,
  reportFrame,
} from '../../../knowledge/case/lifecycle.ts';
import { knowledgeFor } from '../../../knowledge/case/session.ts';
import { languageOf, type TabState } from '../../../knowledge/case/tab.ts';
import type { FrameReading } from '../../../knowledge/crm/reader.ts';
import type { Locale, Turn } from '../../../knowledge/types.ts';

const ZH = [shippedPack('sop', 'zh-CN')];
const EN = [shippedPack('sop', 'en')];
const packs = (locale: Locale) => (locale === 'en' ? EN : ZH);

const agent = (text: string): Turn => ({ speaker: 'agent', text });
const customer = (text: string): Turn => ({ speaker: 'customer', text });
const ZH_GREETING = agent(
  '您好，很高兴为您服务，我是XX金融的客服代表10086，请问有什么可以帮到您？',
);
const ZH_BALANCE = agent('您尾号6688的储蓄卡当前余额为12,350.20元。');
const ZH_ASK = customer('请问我的储蓄卡里还有多少钱？');
const EN_GREETING = agent(
  'Good morning, thank you for calling XX Finance, this is agent 10086, how can I help you today?',
);
const EN_ASK = customer('Hello, I would like to check the balance of my savings account please.');
const EN_BALANCE = agent('Your current balance is $12,350.20 on the savings account.');

const reading = (transcript: Turn[], page?: FrameReading['page']): FrameReading => ({
  fields: { caseId: { value: 'A', status: 'ok' } },
  hasReply: true,
  transcript,
  ...(page ? { page } : {}),
});

/** A report from a browser whose UI language is English, unless told otherwise. */
const report = (r: FrameReading, now: number, more: Partial<FrameReport> = {}): FrameReport => ({
  tabId: 7,
  frameId: 0,
  url: 'http://crm.test/case',
  tabUrl: 'http://crm.test/case',
  reading: r,
  profile: { id: 'demo', name: 'Demo CRM' },
  locale: 'en',
  language: { setting: 'auto' },
  role: '',
  now,
  packs,
  ...more,
});

const fold = (...reports: FrameReport[]): TabState =>
  reports.reduce<TabState | null>((s, r) => reportFrame(s, r).state, null)!;

const kinds = (s: TabState) => s.session.alerts.map((a) => a.kind);

describe('a Chinese CRM page in an English browser runs the Chinese packs', () => {
  const ZH_PAGE = { lang: 'zh-CN', charset: 'UTF-8' };

  it('ticks the greeting, and warns of a balance told before identity is checked', () => {
    const s = fold(
      report(reading([], ZH_PAGE), 100),
      report(reading([ZH_GREETING], ZH_PAGE), 200),
      report(reading([ZH_GREETING, ZH_ASK, ZH_BALANCE], ZH_PAGE), 300),
    );
    expect(s.language).toEqual({ primary: 'zh-CN', bilingual: false, source: 'conversation' });
    expect(s.locale).toBe('zh-CN');
    expect(s.session.steps.greet?.done).toBe(true);
    expect(kinds(s)).toContain('missing_identity_check');
  });

  it('a 保本 draft raises the guaranteed-return alert', () => {
    const s = fold(report(reading([ZH_GREETING], ZH_PAGE), 100));
    const typed = draftChanged(
      s,
      '这款产品保本保收益，您放心买。',
      casePacks(languageOf(s), packs),
      200,
    );
    expect(typed.draftAlerts.map((a) => a.ruleId)).toContain('zh.guaranteed-return');
  });

  it('a legacy frame with no lang, only GBK, is enough before anyone has spoken', () => {
    const top = report(reading([], { charset: 'windows-1252' }), 100);
    const detail = report(reading([], { charset: 'GBK' }), 110, { frameId: 3 });
    expect(fold(top).locale).toBe('en');
    expect(fold(top, detail).language).toMatchObject({ primary: 'zh-CN', source: 'page' });
  });

  it('and the reverse: an English page in a Chinese browser runs the English packs', () => {
    const page = { lang: 'en', charset: 'UTF-8' };
    const zhUi = { locale: 'zh-CN' as const };
    const s = fold(
      report(reading([], page), 100, zhUi),
      report(reading([EN_GREETING, EN_ASK, EN_BALANCE], page), 200, zhUi),
    );
    expect(s.locale).toBe('en');
    expect(s.session.steps.greet?.done).toBe(true);
    expect(kinds(s)).toContain('missing_identity_check');
  });
});

describe('the case language follows the conversation', () => {
  it('switching language mid-case keeps the checklist and checks what follows with the new packs', () => {
    const zh = [ZH_GREETING, ZH_ASK];
    const en = [
      ...zh,
      EN_ASK,
      customer('Sorry, can we continue in English? My Chinese is not good.'),
    ];
    const a = fold(report(reading(zh), 100));
    expect(a.locale).toBe('zh-CN');
    const b = reportFrame(a, report(reading(en), 200)).state;
    expect(b.language).toMatchObject({ bilingual: true });
    const c = reportFrame(
      b,
      report(
        reading([...en, customer('Thank you, English is much easier for me to follow.')]),
        300,
      ),
    ).state;
    expect(c.language).toMatchObject({ primary: 'en', bilingual: true, source: 'conversation' });
    expect(c.session.steps.greet).toEqual(a.session.steps.greet);
    expect(c.session.packKey).toBe(knowledgeFor(casePacks(c.language!, packs)).key);
    // An English balance before identity checks is caught by the packs now in force.
    const d = reportFrame(c, report(reading([...c.turns, EN_BALANCE]), 400)).state;
    expect(kinds(d)).toContain('missing_identity_check');
  });

  it('a draft in progress is checked again when the language changes', () => {
    const a = fold(report(reading([], { lang: 'zh-CN' }), 100));
    const typed = draftChanged(
      a,
      // Words the Chinese packs do not read (they do read "guaranteed" mixed into Chinese).
      "You can't lose on this one, it's a sure thing.",
      casePacks(languageOf(a), packs),
      150,
    );
    expect(typed.draftAlerts).toEqual([]);
    const b = reportFrame(typed, report(reading([EN_GREETING], { lang: 'zh-CN' }), 200)).state;
    expect(b.locale).toBe('en');
    expect(b.draftAlerts.map((x) => x.kind)).toContain('unauthorised_promise');
  });

  it('a fixed pack-language setting is kept whatever is said', () => {
    const fixed = { language: { setting: 'zh-CN' as const } };
    const s = fold(report(reading([EN_GREETING, EN_ASK], { lang: 'en' }), 100, fixed));
    expect(s.language).toEqual({ primary: 'zh-CN', bilingual: false, source: 'setting' });
  });

  it('the profile’s locale list makes every case bilingual; its record is closed with both packs', () => {
    const both = { language: { setting: 'auto' as const, profile: ['zh-CN', 'en'] } };
    const s = fold(report(reading([ZH_GREETING, EN_GREETING]), 100, both));
    expect(s.language).toMatchObject({ bilingual: true });
    const closed = closeCase(s, casePacks(languageOf(s), packs), 200);
    expect(closed.session.endedAt).toBe(200);
  });

  it('a case kept by an older version (no decided languages) runs on its one locale', () => {
    const s = fold(report(reading([ZH_GREETING]), 100));
    const { language: _, ...old } = s;
    expect(languageOf(old)).toEqual({ primary: 'zh-CN', bilingual: false, source: 'fallback' });
    expect(reportFrame(old, report(reading([ZH_GREETING, ZH_ASK]), 200)).state.locale).toBe(
      'zh-CN',
    );
  });
});
