import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../knowledge/search/build.ts';
import { docsFromPack } from '../../../knowledge/search/model.ts';
import { search } from '../../../knowledge/search/query.ts';
import { buildEn, buildZh, zhArticles } from '../../support/search-packs.ts';

const zh = buildZh();
const en = buildEn();
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
    // Without the engine's own synonyms, so that only the pack's group can reach the article.
    const params = { lexicon: 0 };
    const plain = buildIndex(docsFromPack({ articles: zhArticles }), { locale: 'zh-CN', params });
    expect(ids(search(plain, '要止付'))).not.toContain('lost-card');
    expect(search(zh, '要止付')[0]?.id).toBe('lost-card');
  });

  it('boosts what fits the CRM context and what the agent accepted before', () => {
    // A near tie between two limits, so that the boosts decide (the engine's own synonyms, off
    // here, lean "提高额度" to the credit card).
    const zh = buildIndex(docsFromPack({ articles: zhArticles }), {
      locale: 'zh-CN',
      params: { lexicon: 0 },
    });
    const q = '提高额度';
    const neutral = ids(search(zh, q, { limit: 2 }));
    expect(neutral).toContain('credit-limit');
    expect(neutral).toContain('transfer-limit');
    const other = neutral[0] === 'credit-limit' ? 'transfer-limit' : 'credit-limit';
    const product = other === 'credit-limit' ? '信用卡' : '手机银行';
    expect(search(zh, q, { context: { product } })[0]?.id).toBe(other);
    expect(search(zh, q, { accepted: new Map([[other, 20]]) })[0]?.id).toBe(other);
  });

  it('finds the formal article for a customer’s everyday words through the engine’s own synonyms', () => {
    const articles = [
      {
        id: 'atm-retain',
        title: 'ATM吞卡如何处理',
        answer: '请联系发卡网点，携带身份证领回银行卡。',
      },
      {
        id: 'lost',
        title: '借记卡挂失',
        answer: '可通过手机银行或客服热线办理挂失，挂失后原卡停用。',
      },
      {
        id: 'prepay',
        title: '住房贷款提前还款',
        answer: '提前还款需提前预约，部分产品收取违约金。',
      },
      { id: 'balance', title: '账户余额查询', answer: '登录手机银行首页即可查看账户余额。' },
      { id: 'arrive', title: '跨行转账到账时间', answer: '实时到账，节假日可能顺延。' },
    ].map((a) => ({ ...a, questions: [] }));
    const build = (params = {}) =>
      buildIndex(docsFromPack({ articles }), { locale: 'zh-CN', params });
    const index = build();
    const asked: [string, string][] = [
      ['卡被机器吞了', 'atm-retain'],
      ['卡丢了咋办', 'lost'],
      ['按揭想早点还完', 'prepay'],
      ['卡里还剩多少钱', 'balance'],
      ['打到别的银行的钱还没到', 'arrive'],
    ];
    for (const [q, id] of asked) expect(search(index, q)[0]?.id, q).toBe(id);
    // The pack has no synonyms: without the engine's own, the balance question is lost.
    expect(search(build({ lexicon: 0 }), '卡里还剩多少钱')[0]?.id).not.toBe('balance');
  });

  it('prefers the article matching in title and answer to one sharing only the question frame', () => {
    const articles = [
      {
        id: 'refund-time',
        title: '退款需要多久时间？',
        questions: [],
        answer: '退款将于审核完成后退回原付款账户。',
      },
      {
        id: 'remit-time',
        title: '境外汇款一般多久到账？',
        questions: [],
        answer: '汇款至香港、大陆地区一般需1至3个工作日，其他地区约3至5个工作日。',
      },
      {
        id: 'apply-time',
        title: '数字账户申办需要多久时间？',
        questions: [],
        answer: '约3个工作日通知审核结果。',
      },
    ];
    const index = buildIndex(docsFromPack({ articles }), { locale: 'zh-CN' });
    expect(search(index, '大陆汇款需要多久')[0]?.id).toBe('remit-time');
  });

  it('tells near-duplicate articles apart by the product of the case', () => {
    const articles = [
      {
        id: 'debit-lost',
        title: '借记卡挂失',
        questions: ['借记卡丢了怎么办', '借记卡不见了'],
        answer: '请致电客服或在手机银行挂失借记卡。',
        product: '借记卡',
      },
      {
        id: 'credit-lost',
        title: '信用卡挂失',
        questions: ['信用卡丢了怎么办', '信用卡不见了'],
        answer: '请致电信用卡中心挂失。',
        product: '信用卡',
      },
      {
        id: 'any-lost',
        title: '证件丢失',
        questions: ['身份证丢了'],
        answer: '请携带户口本补办。',
      },
    ];
    const index = buildIndex(docsFromPack({ articles }), { locale: 'zh-CN' });
    const q = '卡丢了';
    expect(search(index, q, { context: { product: '信用卡' } })[0]?.id).toBe('credit-lost');
    const inDebitCase = search(index, q, { context: { product: '借记卡' } });
    expect(inDebitCase[0]?.id).toBe('debit-lost');
    // The credit-card article is lowered in a debit-card case, not merely passed.
    const score = (hits: { id: string; score: number }[]) =>
      hits.find((h) => h.id === 'credit-lost')!.score;
    expect(score(inDebitCase)).toBeLessThan(score(search(index, q)));
    // An article for no product is neither raised nor lowered by the case's product.
    const neutral = search(index, '身份证丢了')[0]!;
    const inCase = search(index, '身份证丢了', { context: { product: '信用卡' } })[0]!;
    expect(inCase.id).toBe('any-lost');
    expect(inCase.score).toBeCloseTo(neutral.score, 6);
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

  it('finds an article by a detail deep in its long answer, and shows the passage that matched', () => {
    const articles = [
      ...zhArticles,
      {
        id: 'digital-account',
        title: '数字账户介绍',
        questions: [],
        answer:
          '数字账户可在手机银行在线申请，无需到网点办理。审核约需三个工作日，结果以短信通知。' +
          '审核通过后借记卡将寄送至登记地址，请留意查收。境外刷卡每笔收取1.5%的国际交易手续费，' +
          '境内消费免收手续费。',
      },
    ];
    const index = buildIndex(docsFromPack({ articles }), { locale: 'zh-CN' });
    const hit = search(index, '境外刷卡手续费')[0]!;
    expect(hit.id).toBe('digital-account');
    expect(hit.field).toBe('answer');
    expect(hit.spans.length).toBeGreaterThan(0);
    const matched = hit.spans.map(([s, e]) => hit.text.slice(s, e)).join('');
    expect(matched).toContain('境外刷卡');
  });

  it('finds scripts and filters by kind', () => {
    expect(search(zh, '投诉 道歉', { kind: 'script' })[0]?.id).toBe('complaint-soothe');
    expect(search(zh, '密码', { kind: 'script' })).toEqual([]);
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
