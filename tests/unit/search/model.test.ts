import { describe, expect, it } from 'vitest';
import {
  articleDoc,
  docsFromPack,
  passages,
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

  it('cuts a long answer into passages at sentence ends, each a unit at its offset', () => {
    const s1 = '数字账户可在手机银行在线申请，无需到网点办理，审核约需三个工作日。';
    const s2 = '审核通过后借记卡将寄送至登记地址，请您留意查收快递。';
    const s3 = '境外消费每笔收取1.5%的国际交易手续费，境内消费免收。';
    const answer = `${s1}请留意。${s2}\n${s3}好的！`;
    const parts = passages(answer);
    // A short sentence joins the next; a short tail joins the passage before it.
    expect(parts.map(([, t]) => t)).toEqual([s1, `请留意。${s2}\n`, `${s3}好的！`]);
    for (const [pos, text] of parts) expect(answer.slice(pos, pos + text.length)).toBe(text);
    const d = articleDoc({ id: 'x', title: '数字账户', questions: [], answer });
    expect(unitsOf(d).filter(([f]) => f === 'answer')).toEqual(
      parts.map(([pos, text]) => ['answer', pos, text]),
    );
    // A large pack keeps each answer whole (it indexes only the opening of long texts anyway).
    expect(unitsOf(d, true).filter(([f]) => f === 'answer')).toEqual([['answer', 0, answer]]);
  });

  it('keeps a short answer, or one without sentence ends, as a single passage', () => {
    expect(passages('请挂失')).toEqual([[0, '请挂失']]);
    expect(passages('请致电客服。谢谢')).toEqual([[0, '请致电客服。谢谢']]);
  });
});
