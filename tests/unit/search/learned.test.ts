import { describe, expect, it } from 'vitest';
import { learn, learnedScores, LEARNED_LIMIT } from '../../../knowledge/search/learned.ts';
import { search } from '../../../knowledge/search/query.ts';
import { buildEn, buildZh } from '../../support/search-packs.ts';

describe('learning from the agent’s picks', () => {
  it('puts first the article the agent picked for words like these, though it does not contain them, once the agent picked it for them', () => {
    const index = buildZh();
    const query = '取款机不吐东西咋整';
    expect(search(index, query, { limit: 3 })[0]?.id).not.toBe('lost-card');
    const learned = learn([], '取款机不吐东西咋整啊', 'lost-card');
    expect(search(index, query, { limit: 3, learned })[0]?.id).toBe('lost-card');
  });

  it('leaves unrelated questions alone', () => {
    const index = buildZh();
    const learned = learn([], '卡被吞了怎么办', 'lost-card');
    const before = search(index, '转账限额是多少', { limit: 3 }).map((h) => h.id);
    expect(search(index, '转账限额是多少', { limit: 3, learned }).map((h) => h.id)).toEqual(before);
    // English questions share "my" and "how": those words do not make them alike.
    const en = buildEn();
    const picks = learn([], 'how do I change my address', 'whatever');
    expect(learnedScores(picks, 'how do I top up my card').size).toBe(0);
    expect(
      search(en, 'how do I top up my card', { limit: 3, learned: picks }).map((h) => h.id),
    ).toEqual(search(en, 'how do I top up my card', { limit: 3 }).map((h) => h.id));
  });

  it('counts a repeated pick, keeps the newest first and stays bounded', () => {
    let picks = learn([], '卡被吞了', 'lost-card', 1);
    picks = learn(picks, '  卡被吞了 ', 'lost-card', 2);
    expect(picks).toEqual([{ q: '卡被吞了', id: 'lost-card', n: 2, at: 2 }]);
    expect(learn(picks, ' ', 'x')).toEqual(picks);
    for (let i = 0; i < LEARNED_LIMIT + 10; i++) picks = learn(picks, `问题${i}号`, 'x', i + 3);
    expect(picks).toHaveLength(LEARNED_LIMIT);
    expect(picks[0]!.q).toBe(`问题${LEARNED_LIMIT + 9}号`);
    expect(learnedScores(picks, '卡被吞了').size).toBe(0);
  });
});
