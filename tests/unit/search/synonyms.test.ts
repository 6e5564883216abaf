import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../knowledge/search/build.ts';
import { analyseOpts, docsFromPack } from '../../../knowledge/search/model.ts';
import { expandSynonyms } from '../../../knowledge/search/synonyms.ts';
import { analyse } from '../../../knowledge/search/tokens.ts';
import { fold } from '../../../knowledge/text/fold.ts';

const articles = [
  { id: 'lost', title: '借记卡挂失', questions: [], answer: '挂失后原卡停用。' },
  { id: 'topup', title: 'Top up your card', questions: [], answer: 'Add money in the app.' },
];

function added(
  query: string,
  synonyms: string[][],
  index = buildIndex(docsFromPack({ articles }), { synonyms, params: { lexicon: 0 } }),
): Map<string, number> {
  const folded = fold(query);
  const opts = analyseOpts('question', index.params, true);
  const out = new Map<string, number>();
  expandSynonyms(index, folded, analyse(folded, opts), opts, (t, w) =>
    out.set(t, (out.get(t) ?? 0) + w),
  );
  return out;
}

describe('synonym expansion of a query', () => {
  it('brings in the other phrases of a group, without their single characters', () => {
    const terms = added('要止付', [['挂失', '止付']]);
    expect(terms.get('z:挂失')).toBeCloseTo(0.7);
    expect(terms.has('u:挂')).toBe(false);
  });

  it('gives a long question less of it than a short one', () => {
    const short = added('要止付', [['挂失', '止付']]).get('z:挂失')!;
    const long = added('我昨天在商场买东西的时候发现钱包不见了里面的卡要止付', [['挂失', '止付']]);
    expect(long.get('z:挂失')!).toBeLessThan(short);
  });

  it('shares a group’s weight among its phrases', () => {
    const two = added('要止付', [['挂失', '止付']]).get('z:挂失')!;
    const four = added('要止付', [['挂失', '止付', '冻结', '锁卡']]).get('z:挂失')!;
    expect(four).toBeLessThan(two);
  });

  it('matches an English phrase only as whole words', () => {
    expect(added('how do I top up', [['top up', 'add money']]).size).toBeGreaterThan(0);
    expect(added('stop uploading', [['top up', 'add money']]).size).toBe(0);
  });
});

describe('regional words in a query', () => {
  const twArticles = [
    { id: 'sms', title: '收不到簡訊驗證碼怎麼辦', questions: [], answer: '請確認手機號碼正確。' },
    { id: 'card', title: '信用卡年費', questions: [], answer: '刷卡滿六次免年費。' },
  ];
  const cnArticles = [
    { id: 'sms', title: '收不到短信验证码怎么办', questions: [], answer: '请确认手机号码正确。' },
    { id: 'card', title: '信用卡年费', questions: [], answer: '刷卡满六次免年费。' },
  ];
  const build = (articles: typeof twArticles, regional?: number) =>
    buildIndex(docsFromPack({ articles }), {
      locale: 'zh-CN',
      params: regional === undefined ? { lexicon: 0 } : { lexicon: 0, regional },
    });

  it('finds a Taiwan article for mainland words and a mainland one for Taiwan words', () => {
    const tw = added('短信没来', [], build(twArticles));
    expect(tw.get('z:简讯')).toBeGreaterThan(0);
    const cn = added('簡訊沒來', [], build(cnArticles));
    expect(cn.get('z:短信')).toBeGreaterThan(0);
  });

  it('adds nothing when turned off or when the query has no regional word', () => {
    expect(added('短信没来', [], build(twArticles, 0)).size).toBe(0);
    expect(added('年费多少', [], build(twArticles)).size).toBe(0);
  });
});
