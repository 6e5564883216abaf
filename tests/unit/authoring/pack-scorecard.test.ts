import { describe, expect, it } from 'vitest';
import { validatePack } from '../../../knowledge/authoring/pack.ts';
import { scorecard, scorecardWarnings } from '../../../knowledge/authoring/pack-scorecard.ts';
import { validate } from '../../../knowledge/authoring/schema.ts';
import { shippedPack } from '../../support/shipped-packs.ts';

const paths = (value: unknown) => validate(scorecard, value).map((e) => `${e.path}: ${e.reason}`);

const CARD = {
  id: 'qa',
  title: '质检评分表',
  items: [
    { id: 'greet', title: '问候', weight: 10, check: { step: 'greet' } },
    {
      id: 'no_cred',
      title: '不索要密码',
      weight: 20,
      check: { noAlert: 'credential_request' },
      critical: true,
    },
    {
      id: 'soothe',
      title: '安抚',
      weight: 5,
      check: { step: 'complaint_soothe' },
      caseTypes: ['complaint'],
    },
    { id: 'sla', title: '及时', weight: 5, check: { sla: true } },
    { id: 'ref', title: '转介', weight: 5, check: { referralComplete: true } },
    { id: 'sum', title: '小结', weight: 5, check: { summaryFilled: true } },
  ],
};

describe('the scorecard section of the pack format', () => {
  it('accepts every kind of check', () => {
    expect(paths(CARD)).toEqual([]);
  });

  it('names the path of a bad item: unknown alert kind, two checks, no weight, duplicate id', () => {
    const errors = paths({
      id: 'qa',
      title: 'QA',
      items: [
        { id: 'a', title: 'A', weight: 10, check: { noAlert: 'rudeness' } },
        { id: 'b', title: 'B', weight: 10, check: { step: 'greet', sla: true } },
        { id: 'c', title: 'C', check: { sla: 'yes' } },
        { id: 'a', title: 'A again', weight: -1, check: {} },
      ],
    });
    expect(errors.some((e) => /^items\[0\]\.check\.noAlert: expected one of /.test(e))).toBe(true);
    expect(errors).toContain(
      'items[1].check: give exactly one test: step, noAlert, sla, referralComplete, summaryFilled',
    );
    expect(errors).toContain('items[2].weight: is required');
    expect(errors).toContain('items[2].check.sla: expected true');
    expect(errors).toContain('items[3].weight: must be at least 0');
    expect(errors).toContain(
      'items[3].check: give exactly one test: step, noAlert, sla, referralComplete, summaryFilled',
    );
    expect(errors).toContain('items[3].id: duplicate "a" (first at items[0])');
  });

  it('refuses a scorecard without items or without points', () => {
    expect(paths({ id: 'qa', title: 'QA', items: [] })).toContain(
      'items: expected at least 1 item(s)',
    );
    expect(
      paths({
        id: 'qa',
        title: 'QA',
        items: [{ id: 'a', title: 'A', weight: 0, check: { sla: true } }],
      }),
    ).toEqual(['items: the items carry no points']);
  });

  it('is part of the pack: errors carry the scorecard path, unknown steps are warned of', () => {
    const base = shippedPack('sop', 'en');
    const bad = validatePack({
      ...base,
      scorecard: { ...CARD, items: [{ ...CARD.items[0], weight: 'ten' }] },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.errors).toContainEqual({
        path: 'scorecard.items[0].weight',
        reason: 'expected a number, got string',
      });
    const typo = validatePack({
      ...base,
      scorecard: { ...CARD, items: [{ ...CARD.items[0], check: { step: 'greeting' } }] },
    });
    expect(typo.ok && typo.warnings).toContainEqual({
      path: 'scorecard.items[0].check.step',
      reason: 'no step "greeting" in this pack',
    });
    expect(scorecardWarnings(CARD as never, new Set(['greet', 'complaint_soothe']))).toEqual([]);
  });

  it('ships in both SOP packs, with the same items and critical red lines', () => {
    const zh = shippedPack('sop', 'zh-CN').scorecard!;
    const en = shippedPack('sop', 'en').scorecard!;
    expect(zh.items.map((i) => [i.id, i.weight, i.critical ?? false])).toEqual(
      en.items.map((i) => [i.id, i.weight, i.critical ?? false]),
    );
    const critical = zh.items.filter((i) => i.critical).map((i) => i.check);
    expect(critical).toContainEqual({ step: 'verify_identity' });
    expect(critical).toContainEqual({ noAlert: 'credential_request' });
    expect(zh.items.find((i) => i.id === 'greet')?.title).toBe('开场问候');
    expect(en.items.find((i) => i.id === 'greet')?.title).toBe('Opening greeting');
    for (const p of [shippedPack('sop', 'zh-CN'), shippedPack('sop', 'en')]) {
      const r = validatePack(p);
      expect(r.ok && r.warnings).toEqual([]);
    }
  });
});
