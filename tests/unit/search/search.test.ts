import { describe, expect, it } from 'vitest';
import type { Article, Script } from '../../../knowledge/authoring/pack.ts';
import {
  buildIndex,
  docsFromPack,
  indexFromJSON,
  indexToJSON,
  search,
  suggest,
} from '../../../knowledge/search/search.ts';

const zhArticles: Article[] = [
  {
    id: 'reset-pw',
    title: '重置密码',
    questions: ['忘记登录密码怎么办', '密码忘了怎么找回', '怎么修改手机银行密码'],
    answer: '请在手机银行登录页点击“忘记密码”，按提示验证身份后设置新密码。',
    product: '手机银行',
  },
  {
    id: 'lost-card',
    title: '银行卡挂失',
    questions: ['银行卡丢了怎么办', '卡被偷了', '如何挂失借记卡'],
    answer: '请立即通过手机银行或致电客服挂失，挂失后卡片不能再使用。',
    product: '借记卡',
    tags: ['挂失'],
  },
  {
    id: 'transfer-limit',
    title: '转账限额',
    questions: ['转账限额是多少', '一天最多能转多少钱', '怎么提高转账额度'],
    answer: '手机银行单笔转账限额为5万元，可在柜台调整。',
    product: '手机银行',
  },
  {
    id: 'credit-fee',
    title: '信用卡年费',
    questions: ['信用卡年费多少', '年费怎么免', '为什么扣了年费'],
    answer: '刷卡满6次可免次年年费。',
    product: '信用卡',
  },
  {
    id: 'credit-limit',
    title: '信用卡额度调整',
    questions: ['怎么提高信用卡额度', '信用卡临时额度'],
    answer: '可在手机银行申请临时额度。',
    product: '信用卡',
  },
];

const zhScripts: Script[] = [
  {
    id: 'greet-phone',
    step: 'greet',
    title: '电话问候',
    text: '您好，很高兴为您服务，我是XX金融的客服代表{{agentId}}，请问有什么可以帮到您？',
    channels: ['phone'],
  },
  {
    id: 'complaint-soothe',
    step: 'resolve',
    title: '投诉安抚',
    text: '非常理解您的心情，给您带来不便我们深表歉意，我马上为您核实处理。',
    caseTypes: ['complaint'],
  },
];

const enArticles: Article[] = [
  {
    id: 'en-reset',
    title: 'Reset your password',
    questions: ['I forgot my password', 'How can I change my login password?'],
    answer: 'Tap "Forgot password" on the login screen and verify your identity.',
  },
  {
    id: 'en-card-arrival',
    title: 'When will my card arrive',
    questions: ['My new card has not arrived yet', 'How long does card delivery take?'],
    answer: 'Cards arrive within 5 working days.',
  },
  {
    id: 'en-fees',
    title: 'Transfer fees',
    questions: ['Is there a charge for sending money abroad?', 'What fees apply to transfers?'],
    answer: 'International transfers cost 0.5%.',
  },
];

const zh = buildIndex(docsFromPack({ articles: zhArticles, scripts: zhScripts }), {
  locale: 'zh-CN',
  synonyms: [['挂失', '止付', '冻结卡']],
});
const en = buildIndex(docsFromPack({ articles: enArticles }), { locale: 'en' });
const ids = (hits: { id: string }[]) => hits.map((h) => h.id);

describe('search: Chinese', () => {
  it('finds by pinyin initials and full pinyin (polyphonic 重 = chong)', () => {
    expect(search(zh, 'czmm')[0]?.id).toBe('reset-pw');
    expect(search(zh, 'chongzhi mima')[0]?.id).toBe('reset-pw');
    expect(search(zh, 'chongzhimima')[0]?.id).toBe('reset-pw');
    expect(search(zh, 'gua shi')[0]?.id).toBe('lost-card');
  });

  it('matches traditional characters and full-width text', () => {
    expect(search(zh, '轉賬限額')[0]?.id).toBe('transfer-limit');
    expect(search(zh, '信用卡年費？')[0]?.id).toBe('credit-fee');
  });

  it('ranks the article whose wording fits best first', () => {
    expect(search(zh, '我的卡丢了')[0]?.id).toBe('lost-card');
    expect(search(zh, '信用卡额度能提高吗')[0]?.id).toBe('credit-limit');
    expect(search(zh, '忘了密码')[0]?.id).toBe('reset-pw');
  });

  it('expands the query with pack synonyms', () => {
    const plain = buildIndex(docsFromPack({ articles: zhArticles }), { locale: 'zh-CN' });
    expect(ids(search(plain, '要止付'))).not.toContain('lost-card');
    expect(search(zh, '要止付')[0]?.id).toBe('lost-card');
  });

  it('boosts what fits the CRM context and what the agent accepted before', () => {
    const q = '提高额度';
    const neutral = ids(search(zh, q, { limit: 2 }));
    expect(neutral).toContain('credit-limit');
    expect(neutral).toContain('transfer-limit');
    const other = neutral[0] === 'credit-limit' ? 'transfer-limit' : 'credit-limit';
    const product = other === 'credit-limit' ? '信用卡' : '手机银行';
    expect(search(zh, q, { context: { product } })[0]?.id).toBe(other);
    expect(search(zh, q, { accepted: new Map([[other, 20]]) })[0]?.id).toBe(other);
  });

  it('says why a hit matched: spans in the original text of the matching field', () => {
    const hit = search(zh, '銀行卡丟了')[0]!;
    expect(hit.id).toBe('lost-card');
    expect(hit.field).toBe('question');
    expect(hit.text).toBe('银行卡丢了怎么办');
    expect(hit.spans.map(([s, e]) => hit.text.slice(s, e)).join('')).toBe('银行卡丢了');
    const py = search(zh, 'czmm')[0]!;
    expect(py.spans.map(([s, e]) => py.text.slice(s, e))).toEqual(['重置密码']);
  });

  it('finds scripts and filters by kind', () => {
    expect(search(zh, '投诉 道歉', { kind: 'script' })[0]?.id).toBe('complaint-soothe');
    expect(search(zh, '密码', { kind: 'script' })).toEqual([]);
  });

  it('suggests by context without a query', () => {
    expect(ids(suggest(zh, { caseType: 'complaint' }))).toEqual(['complaint-soothe']);
    expect(ids(suggest(zh, { channel: 'phone' }, { kind: 'script' }))).toEqual(['greet-phone']);
    expect(
      suggest(zh, { product: '信用卡' }, { kind: 'article' })
        .map((h) => h.id)
        .sort(),
    ).toEqual(['credit-fee', 'credit-limit']);
  });
});

describe('search: English', () => {
  it('ranks paraphrases, tolerates typos and unfinished words', () => {
    expect(search(en, 'i cannot remember my password')[0]?.id).toBe('en-reset');
    expect(search(en, 'card still not arrived')[0]?.id).toBe('en-card-arrival');
    expect(search(en, 'paswrod forgoten')[0]?.id).toBe('en-reset');
    expect(search(en, 'transfer fe')[0]?.id).toBe('en-fees');
  });
});

describe('search: stored index', () => {
  it('gives identical results after serialising and restoring', () => {
    const restored = indexFromJSON(JSON.parse(JSON.stringify(indexToJSON(zh))));
    for (const q of ['czmm', '银行卡丢了', '止付', '轉賬限額', '年费', 'xinyongka']) {
      expect(search(restored, q)).toEqual(search(zh, q));
    }
    const enRestored = indexFromJSON(JSON.parse(JSON.stringify(indexToJSON(en))));
    expect(search(enRestored, 'paswrod forgoten')).toEqual(search(en, 'paswrod forgoten'));
  });

  it('stores in proportion to the pack, not to a fixed table size', () => {
    const small = JSON.stringify(indexToJSON(zh)).length;
    const docsSize = JSON.stringify(zh.docs).length;
    expect(small).toBeLessThan(30 * docsSize);
    // Twice the articles (other ids, same texts): the stored index grows about twice, no more.
    const twice = docsFromPack({
      articles: [...zhArticles, ...zhArticles.map((a) => ({ ...a, id: `${a.id}-2` }))],
      scripts: zhScripts,
    });
    const big = JSON.stringify(indexToJSON(buildIndex(twice, { locale: 'zh-CN' }))).length;
    expect(big).toBeLessThan(2.5 * small);
  });

  it('refuses something that is not a stored index', () => {
    expect(() => indexFromJSON({ version: 99 })).toThrow(/not a stored search index/);
  });
});

describe('search: large packs', () => {
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
