/** Small Chinese and English packs for the search engine's unit tests. */
import type { Article, Script } from '../../knowledge/authoring/pack.ts';
import { buildIndex } from '../../knowledge/search/build.ts';
import { docsFromPack } from '../../knowledge/search/model.ts';

export const zhArticles: Article[] = [
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

export const zhScripts: Script[] = [
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

export const enArticles: Article[] = [
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

/** The Chinese pack (articles and scripts) with a synonym group, as the sidebar builds it. */
export const buildZh = () =>
  buildIndex(docsFromPack({ articles: zhArticles, scripts: zhScripts }), {
    locale: 'zh-CN',
    synonyms: [['挂失', '止付', '冻结卡']],
  });

/** The English pack. */
export const buildEn = () => buildIndex(docsFromPack({ articles: enArticles }), { locale: 'en' });
