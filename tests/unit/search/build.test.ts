import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../knowledge/search/build.ts';
import { docsFromPack } from '../../../knowledge/search/model.ts';
import { search } from '../../../knowledge/search/query.ts';
import { buildZh, zhArticles, zhScripts } from '../../support/search-packs.ts';

describe('index build', () => {
  it('trains the article model when articles have variants to learn from', () => {
    const zh = buildZh();
    expect(zh.trained).toBe(true);
    expect(zh.docs.map((d) => d.id)).toEqual([...zhArticles, ...zhScripts].map((d) => d.id));
    const untrained = buildIndex(docsFromPack({ articles: zhArticles }), {
      locale: 'zh-CN',
      params: { epochs: 0 },
    });
    expect(untrained.trained).toBe(false);
    expect(search(untrained, '银行卡丢了')[0]?.id).toBe('lost-card');
  });

  it('finds every article by its own title', () => {
    const zh = buildZh();
    for (const a of zhArticles) expect(search(zh, a.title)[0]?.id).toBe(a.id);
  });
});

describe('index build: large packs', () => {
  it('indexes the opening of long answers only, and still finds articles by it', () => {
    const filler = '本产品说明如下。'.repeat(60);
    const docs = docsFromPack({
      articles: [
        {
          id: 'a',
          title: '账户冻结',
          questions: ['账户被冻结了'],
          answer: `司法冻结需联系法院。${filler}`,
        },
        { id: 'b', title: '开户', questions: ['怎么开户'], answer: `${filler}末尾提到外汇牌价。` },
      ],
    });
    // A small pack made to behave as a large one (the threshold is tens of thousands).
    const lean = buildIndex(docs, { locale: 'zh-CN', params: { leanAbove: 1 } });
    expect(search(lean, '司法冻结')[0]?.id).toBe('a');
    expect(search(lean, '外汇牌价').map((h) => h.id)).not.toContain('b');
    const full = buildIndex(docs, { locale: 'zh-CN' });
    expect(search(full, '外汇牌价')[0]?.id).toBe('b');
  });
});
