import { describe, expect, it } from 'vitest';
import {
  articleDoc,
  docsFromPack,
  termId,
  unitsOf,
  unitText,
} from '../../../knowledge/search/model.ts';
import { buildZh, zhArticles, zhScripts } from '../../support/search-packs.ts';

describe('search documents', () => {
  it('takes the articles, then the scripts, of a pack with their searchable parts', () => {
    const docs = docsFromPack({ articles: zhArticles, scripts: zhScripts });
    expect(docs.map((d) => d.kind)).toEqual([
      ...zhArticles.map(() => 'article'),
      'script',
      'script',
    ]);
    expect(docs[1]).toMatchObject({ id: 'lost-card', product: '借记卡', tags: ['挂失'] });
    expect(docs.at(-2)).toMatchObject({ id: 'greet-phone', step: 'greet', channels: ['phone'] });
  });

  it('indexes each text once: a question equal to the title is not a unit of its own', () => {
    const d = articleDoc({
      id: 'x',
      title: '挂失',
      questions: ['挂失', '卡丢了'],
      answer: '请挂失',
    });
    expect(unitsOf(d)).toEqual([
      ['title', 0, '挂失'],
      ['question', 1, '卡丢了'],
      ['answer', 0, '请挂失'],
    ]);
    expect(unitText(d, 'question', 1)).toBe('卡丢了');
  });

  it('finds a term of the built vocabulary by its token, and no unknown one', () => {
    const zh = buildZh();
    expect(termId(zh, 'z:挂失')).toBeGreaterThanOrEqual(0);
    expect(termId(zh, 'w:nothinglikethis')).toBe(-1);
  });
});
