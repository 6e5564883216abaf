import { describe, expect, it } from 'vitest';
import { suggest } from '../../../knowledge/search/suggest.ts';
import { buildZh } from '../../support/search-packs.ts';

const zh = buildZh();
const ids = (hits: { id: string }[]) => hits.map((h) => h.id);

describe('suggest', () => {
  it('suggests by context without a query', () => {
    expect(ids(suggest(zh, { caseType: 'complaint' }))).toEqual(['complaint-soothe']);
    expect(ids(suggest(zh, { channel: 'phone' }, { kind: 'script' }))).toEqual(['greet-phone']);
    expect(
      suggest(zh, { product: '信用卡' }, { kind: 'article' })
        .map((h) => h.id)
        .sort(),
    ).toEqual(['credit-fee', 'credit-limit']);
  });

  it('ranks by the recent conversation when given, boosted by the context', () => {
    expect(suggest(zh, {}, { text: '我的卡丢了' })[0]?.id).toBe('lost-card');
    const hit = suggest(zh, { product: '信用卡' }, { text: '提高额度' })[0]!;
    expect(hit.id).toBe('credit-limit');
    expect(hit.spans.length).toBeGreaterThan(0);
  });

  it('brings what the agent accepted before, most accepted first', () => {
    const accepted = { 'transfer-limit': 1, 'reset-pw': 5 };
    expect(ids(suggest(zh, {}, { accepted, kind: 'article' }))).toEqual([
      'reset-pw',
      'transfer-limit',
    ]);
    expect(suggest(zh, {})).toEqual([]);
  });
});
