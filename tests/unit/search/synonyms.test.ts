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

function added(query: string, synonyms: string[][]): Map<string, number> {
  const index = buildIndex(docsFromPack({ articles }), { synonyms, params: { lexicon: 0 } });
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
