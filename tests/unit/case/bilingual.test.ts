import { describe, expect, it } from 'vitest';
import { shippedPack } from '../../support/shipped-packs.ts';
import {
  BILINGUAL_STEPS_ID,
  bilingualPacks,
  casePacks,
} from '../../../knowledge/case/bilingual.ts';
import { applyTurn, checkDraft, createSession } from '../../../knowledge/case/session.ts';
import type { Locale } from '../../../knowledge/types.ts';

const ZH = [shippedPack('sop', 'zh-CN'), shippedPack('kb', 'zh-CN')];
const EN = [shippedPack('sop', 'en'), shippedPack('kb', 'en')];
const byLocale = (l: Locale) => (l === 'en' ? EN : ZH);

const ZH_GREETING = '您好，很高兴为您服务，我是XX金融的客服代表10086，请问有什么可以帮到您？';
const EN_GREETING =
  'Good morning, thank you for calling XX Finance, this is agent 10086, how can I help you today?';

describe('a bilingual case runs both packs', () => {
  it('both SOP packs define the same step ids, so a language switch keeps the checklist', () => {
    const ids = (packs: typeof ZH) => packs.flatMap((p) => p.steps ?? []).map((s) => s.id);
    expect(ids(EN)).toEqual(ids(ZH));
  });

  it('a step ticks from either language’s detectors, whichever comes first', () => {
    for (const [primary, greeting] of [
      ['zh-CN', EN_GREETING],
      ['en', ZH_GREETING],
    ] as const) {
      const packs = casePacks({ primary, bilingual: true, source: 'conversation' }, byLocale);
      let s = createSession(packs, { channel: 'chat' }, 'agent', 0);
      s = applyTurn(s, { speaker: 'agent', text: greeting, at: 1 }, packs);
      expect(s.steps.greet?.done, `${primary} first, greeted in the other`).toBe(true);
    }
  });

  it('both guards check: a 保本 promise and an English guarantee are both caught', () => {
    const packs = casePacks({ primary: 'en', bilingual: true, source: 'setting' }, byLocale);
    const s = createSession(packs, {}, 'agent', 0);
    expect(checkDraft(s, '这款产品保本保收益，您放心买', packs).map((a) => a.ruleId)).toContain(
      'zh.guaranteed-return',
    );
    expect(
      checkDraft(s, 'This fund guarantees you 5% a year, you cannot lose.', packs).map(
        (a) => a.kind,
      ),
    ).toContain('unauthorised_promise');
  });

  it('the primary language comes first: its step texts are the ones shown', () => {
    const packs = bilingualPacks(EN, ZH);
    expect(packs.map((p) => p.id)).toEqual([
      BILINGUAL_STEPS_ID,
      ...EN.map((p) => p.id),
      ...ZH.map((p) => p.id),
    ]);
    expect(packs[0]!.steps!.find((s) => s.id === 'greet')!.title).toBe('Greeting');
    expect(packs[0]!.steps!.map((s) => s.id)).toEqual(EN[0]!.steps!.map((s) => s.id));
  });

  it('gives the same packs for the same sets (compiled once), and one language’s alone', () => {
    expect(bilingualPacks(ZH, EN)).toBe(bilingualPacks(ZH, EN));
    expect(casePacks({ primary: 'zh-CN', bilingual: false, source: 'page' }, byLocale)).toBe(ZH);
    // A pack in both lists (no pack of the other language installed) comes once.
    expect(bilingualPacks(ZH, ZH)).toEqual(ZH);
  });
});
