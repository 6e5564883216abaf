/**
 * The spreadsheet vocabulary of the import: which headers (English or Chinese) name which
 * field, how channel and case-type words map to the pack's ids, and how cells split into
 * variants, lists and dates.
 */
import { fold } from '../text/fold.ts';
import { CHANNELS, type Channel } from '../types.ts';

export type Field =
  | 'id'
  | 'title'
  | 'question'
  | 'answer'
  | 'tags'
  | 'product'
  | 'owner'
  | 'reviewBy'
  | 'caseTypes'
  | 'channels'
  | 'step'
  | 'text';

/** Header names per field, compared after folding and removing spaces, `_`, `-` and `*`. */
const COLUMNS: Record<Field, string[]> = {
  id: [
    'id',
    '编号',
    '知识编号',
    '文章编号',
    '话术编号',
    '问题编号',
    'articleid',
    'scriptid',
    'kbid',
  ],
  title: ['title', '标题', '标准问', '标准问题', '知识标题', '主题', '话术标题', '名称', 'name'],
  question: [
    'question',
    'questions',
    '问题',
    '相似问',
    '相似问题',
    '相似问法',
    '问法',
    '扩展问',
    '扩展问题',
    '用户问法',
    'variant',
    'variants',
  ],
  answer: ['answer', '答案', '回答', '标准答案', '答复', '解答', '知识内容', 'body'],
  tags: ['tags', 'tag', '标签', '关键词', '关键字', 'keywords'],
  product: ['product', '产品', '产品类别', '业务', '业务类型', '产品名称'],
  owner: ['owner', '负责人', '维护人', '责任人', '作者', 'author'],
  reviewBy: [
    'reviewby',
    'review',
    'reviewdate',
    '复核日期',
    '审核日期',
    '复审日期',
    '到期日',
    '有效期',
  ],
  caseTypes: ['casetype', 'casetypes', '案件类型', '工单类型', '服务类型', '类型'],
  channels: ['channel', 'channels', '渠道', '服务渠道'],
  step: ['step', 'stepid', '环节', '步骤', '流程环节', 'sop环节'],
  text: ['text', 'script', '话术', '话术内容', '话术文本', '标准话术'],
};

const HEADER_LOOKUP = new Map<string, Field>();
for (const [field, names] of Object.entries(COLUMNS) as [Field, string[]][]) {
  for (const n of names) HEADER_LOOKUP.set(normaliseHeader(n), field);
}

function normaliseHeader(h: string): string {
  return fold(h)
    .replace(/[\s_\-*:()（）]/g, '')
    .replace(/\(.*\)$/, '');
}

const CHANNEL_WORDS: Record<string, Channel> = {
  电话: 'phone',
  热线: 'phone',
  语音: 'phone',
  在线: 'chat',
  在线客服: 'chat',
  聊天: 'chat',
  文字: 'chat',
  邮件: 'email',
  电子邮件: 'email',
  邮箱: 'email',
  留言: 'message',
  短信: 'message',
  消息: 'message',
  app: 'message',
  网站: 'message',
  社交: 'social',
  社交媒体: 'social',
  微信: 'social',
  微博: 'social',
};

const CASE_TYPE_WORDS: Record<string, string> = {
  咨询: 'inquiry',
  一般咨询: 'inquiry',
  一般性咨询: 'inquiry',
  查询: 'inquiry',
  业务办理: 'assistance',
  办理: 'assistance',
  业务办理协助: 'assistance',
  协助: 'assistance',
  投诉: 'complaint',
  投诉与建议: 'complaint',
  建议: 'complaint',
  复杂: 'complex',
  疑难: 'complex',
  复杂问题: 'complex',
  疑难问题: 'complex',
};

export interface RowIssue {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  reason: string;
}

/** Splits a cell holding several question variants: newlines, `|`, `｜`, `；`. */
export function splitVariants(cell: string): string[] {
  return cell
    .split(/\r\n|[\n\r|｜；]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function splitList(cell: string): string[] {
  return cell
    .split(/[,，、;；|｜\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Accepts YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 and Excel date serials. */
export function parseDate(cell: string): string | undefined {
  const s = fold(cell).trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return undefined;
    return dt.toISOString().slice(0, 10);
  }
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    // Excel serial: days since 1899-12-30 (the 1900 leap-year bug is before any plausible date).
    const dt = new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(s)) * 86_400_000);
    return dt.toISOString().slice(0, 10);
  }
  return undefined;
}

export function mapChannels(
  cell: string,
  row: number,
  warnings: RowIssue[],
): Channel[] | undefined {
  const out: Channel[] = [];
  for (const v of splitList(cell)) {
    const f = fold(v).replace(/\s/g, '');
    const c = (CHANNELS as readonly string[]).includes(f) ? (f as Channel) : CHANNEL_WORDS[f];
    if (c) {
      if (!out.includes(c)) out.push(c);
    } else warnings.push({ row, reason: `unknown channel "${v}" ignored` });
  }
  return out.length ? out : undefined;
}

export function mapCaseTypes(cell: string): string[] | undefined {
  const out: string[] = [];
  for (const v of splitList(cell)) {
    const f = fold(v).replace(/\s/g, '');
    const c = CASE_TYPE_WORDS[f] ?? f;
    if (!out.includes(c)) out.push(c);
  }
  return out.length ? out : undefined;
}

/** Finds the header row: the first of the first 10 rows with at least one known column. */
export function findHeader(
  rows: string[][],
): { index: number; columns: Map<number, Field> } | undefined {
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const columns = new Map<number, Field>();
    const seen = new Set<Field>();
    rows[r]!.forEach((h, i) => {
      const f = HEADER_LOOKUP.get(normaliseHeader(h));
      // The first column of a kind wins; a second "question" column adds variants.
      if (f && (!seen.has(f) || f === 'question')) {
        columns.set(i, f);
        seen.add(f);
      }
    });
    const isArticles = seen.has('title') || seen.has('question');
    const isScripts = seen.has('text') && (seen.has('step') || seen.has('title'));
    if (isArticles || isScripts) return { index: r, columns };
  }
  return undefined;
}
