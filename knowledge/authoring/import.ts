/**
 * Import of knowledge articles and scripts from the spreadsheets trainers keep (CSV or XLSX).
 *
 * Columns are recognised by their header in English or Chinese (see COLUMNS). A sheet holds
 * articles (a title or question column) or scripts (a step and a text column). Rows with the same
 * id are one article: their questions are merged; a "similar questions" cell may hold several
 * variants separated by newlines, `|` or `；`. Rows without an id are grouped by title.
 * The result is all-or-nothing: a fatal problem (unreadable file, no recognisable header,
 * items the pack schema refuses) returns no items at all; a bad row is refused with its row
 * number (as the spreadsheet shows it, header = row 1) and the reason.
 */
import { readCsv } from '../text/csv.ts';
import { fold } from '../text/fold.ts';
import { validatePack, PACK_SCHEMA_VERSION, type Article, type Script } from './pack.ts';
import { CHANNELS, type Channel, type Locale } from '../types.ts';
import { readXlsx } from '../text/xlsx.ts';

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

export interface ImportReport {
  /** Rows that created an article or script. */
  taken: number;
  /** Rows added to an article or script created by an earlier row with the same id. */
  merged: number;
  refused: RowIssue[];
  /** Rows taken with a change the trainer should know about. */
  warnings: RowIssue[];
  /** Which column each recognised header became. */
  columns: Record<string, Field>;
  encoding?: string;
}

export type ImportResult =
  | {
      ok: true;
      report: ImportReport;
      articles: Article[];
      scripts: Script[];
      /** Pack id -> the sheet's own id, for ids the pack format does not allow as they are. */
      sheetIds: Record<string, string>;
    }
  | { ok: false; error: string; report?: ImportReport };

export interface ImportOptions {
  /** Locale of the wrapper pack used for validation; default zh-CN. */
  locale?: Locale;
}

/** Reads a spreadsheet file (by extension: .xlsx, otherwise CSV) into rows of cells. */
export function readSheet(
  bytes: Uint8Array,
  fileName: string,
): { rows: string[][]; encoding?: string } {
  if (/\.xlsx$/i.test(fileName) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    return { rows: readXlsx(bytes) };
  }
  return readCsv(bytes);
}

const ID_RE = /^[A-Za-z0-9][\w.-]*$/;

/** Stable id for rows without one, from their title: the same title gives the same article. */
function idFromTitle(prefix: string, title: string): string {
  let h = 0x811c9dc5;
  const t = fold(title).trim();
  for (let i = 0; i < t.length; i++) {
    h ^= t.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${prefix}-${h.toString(16).padStart(8, '0')}`;
}

/** Splits a cell holding several question variants: newlines, `|`, `｜`, `；`. */
export function splitVariants(cell: string): string[] {
  return cell
    .split(/\r\n|[\n\r|｜；]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A pack id for a sheet id with characters the pack format does not allow. */
function safeId(id: string, taken: Record<string, string>): string {
  let base = id.replace(/[^\w.-]/g, '_').replace(/^[^A-Za-z0-9]+/, '');
  if (!base) base = idFromTitle('id', id);
  let out = base;
  for (let n = 2; taken[out] !== undefined; n++) out = `${base}-${n}`;
  return out;
}

function splitList(cell: string): string[] {
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

function mapChannels(cell: string, row: number, warnings: RowIssue[]): Channel[] | undefined {
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

function mapCaseTypes(cell: string): string[] | undefined {
  const out: string[] = [];
  for (const v of splitList(cell)) {
    const f = fold(v).replace(/\s/g, '');
    const c = CASE_TYPE_WORDS[f] ?? f;
    if (!out.includes(c)) out.push(c);
  }
  return out.length ? out : undefined;
}

function addAll(target: string[] | undefined, values: string[] | undefined): string[] | undefined {
  if (!values?.length) return target;
  const out = target ?? [];
  for (const v of values) if (!out.includes(v)) out.push(v);
  return out;
}

/** Finds the header row: the first of the first 10 rows with at least one known column. */
function findHeader(rows: string[][]): { index: number; columns: Map<number, Field> } | undefined {
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

/** Imports the rows of a sheet (already read into cells) as articles or scripts. */
export function importRows(rows: string[][], options: ImportOptions = {}): ImportResult {
  const header = findHeader(rows);
  if (!header) {
    return {
      ok: false,
      error:
        'no recognisable header row: expected columns such as id, title, question, answer ' +
        '(编号, 标准问, 相似问, 答案) or step, text (环节, 话术)',
    };
  }
  const fields = new Set(header.columns.values());
  const kind: 'article' | 'script' =
    fields.has('text') && !fields.has('answer') && !fields.has('question') ? 'script' : 'article';
  const report: ImportReport = {
    taken: 0,
    merged: 0,
    refused: [],
    warnings: [],
    columns: {},
  };
  for (const [i, f] of header.columns) report.columns[rows[header.index]![i]!.trim()] = f;

  const safeIds = new Map<string, string>();
  const renamed: Record<string, string> = {};
  const articles = new Map<string, Article>();
  const scripts = new Map<string, Script>();
  for (let r = header.index + 1; r < rows.length; r++) {
    const cells = rows[r]!;
    const rowNo = r + 1;
    if (cells.every((c) => c.trim() === '')) continue;
    const get = (f: Field): string =>
      [...header.columns]
        .filter(([, g]) => g === f)
        .map(([i]) => (cells[i] ?? '').trim())
        .find((v) => v !== '') ?? '';
    const questionCells = [...header.columns]
      .filter(([, g]) => g === 'question')
      .map(([i]) => cells[i] ?? '');
    const title = get('title');
    let id = get('id');
    if (id && !ID_RE.test(id)) {
      const safe = safeIds.get(id) ?? safeId(id, renamed);
      if (!safeIds.has(id)) {
        safeIds.set(id, safe);
        renamed[safe] = id;
        report.warnings.push({ row: rowNo, reason: `id "${id}" stored as "${safe}"` });
      }
      id = safe;
    }
    let reviewBy: string | undefined;
    const reviewCell = get('reviewBy');
    if (reviewCell) {
      reviewBy = parseDate(reviewCell);
      if (!reviewBy) {
        report.refused.push({ row: rowNo, reason: `review date "${reviewCell}" is not a date` });
        continue;
      }
    }
    const tags = get('tags') ? splitList(get('tags')) : undefined;
    const caseTypes = get('caseTypes') ? mapCaseTypes(get('caseTypes')) : undefined;

    if (kind === 'script') {
      const text = get('text');
      const step = get('step');
      if (!text) {
        report.refused.push({ row: rowNo, reason: 'no script text' });
        continue;
      }
      if (!step || !ID_RE.test(step)) {
        report.refused.push({
          row: rowNo,
          reason: step ? `step "${step}" is not a step id` : 'no step',
        });
        continue;
      }
      id ||= idFromTitle('s', `${step}\u0000${title || text}`);
      const channels = get('channels')
        ? mapChannels(get('channels'), rowNo, report.warnings)
        : undefined;
      const existing = scripts.get(id);
      if (existing) {
        // Same script id again: only list fields can grow; a different text is a conflict.
        if (existing.text !== text) {
          report.refused.push({
            row: rowNo,
            reason: `id "${id}" already used by row with other text`,
          });
          continue;
        }
        existing.channels = addAll(existing.channels, channels) as Channel[] | undefined;
        existing.caseTypes = addAll(existing.caseTypes, caseTypes);
        existing.tags = addAll(existing.tags, tags);
        report.merged++;
        continue;
      }
      const s: Script = { id, step, title: title || text.slice(0, 40), text };
      if (caseTypes) s.caseTypes = caseTypes;
      if (channels) s.channels = channels;
      if (tags) s.tags = tags;
      if (reviewBy) s.reviewBy = reviewBy;
      scripts.set(id, s);
      report.taken++;
      continue;
    }

    const questions = questionCells.flatMap(splitVariants);
    if (!title && questions.length === 0) {
      if (id && articles.has(id) && get('answer')) {
        // A continuation row carrying only more answer text is merged below.
      } else {
        report.refused.push({ row: rowNo, reason: 'no title and no question' });
        continue;
      }
    }
    if (!id) {
      const existingByTitle = title ? idFromTitle('kb', title) : undefined;
      id = existingByTitle ?? idFromTitle('kb', questions[0]!);
    }
    const answer = get('answer');
    const existing = articles.get(id);
    if (existing) {
      existing.questions = addAll(existing.questions, questions)!;
      if (title && !existing.title) existing.title = title;
      if (answer && !existing.answer) existing.answer = answer;
      else if (answer && existing.answer !== answer)
        report.warnings.push({
          row: rowNo,
          reason: `another answer for "${id}": the first is kept`,
        });
      existing.tags = addAll(existing.tags, tags);
      existing.caseTypes = addAll(existing.caseTypes, caseTypes);
      if (!existing.product && get('product')) existing.product = get('product');
      if (!existing.owner && get('owner')) existing.owner = get('owner');
      if (!existing.reviewBy && reviewBy) existing.reviewBy = reviewBy;
      report.merged++;
      continue;
    }
    const a: Article = {
      id,
      title: title || questions[0]!,
      questions: questions.length ? questions : [title],
      answer,
    };
    if (tags) a.tags = tags;
    if (get('product')) a.product = get('product');
    if (caseTypes) a.caseTypes = caseTypes;
    if (get('owner')) a.owner = get('owner');
    if (reviewBy) a.reviewBy = reviewBy;
    (a as Article & { row?: number }).row = rowNo;
    articles.set(id, a);
    report.taken++;
  }

  const articleList = [...articles.values()].map((a) => {
    const { row, ...rest } = a as Article & { row?: number };
    if (!rest.questions.includes(rest.title) && rest.questions.length === 0)
      rest.questions = [rest.title];
    if (!rest.answer.trim()) {
      // An FAQ sheet may list questions before answers are written; the article stays findable.
      rest.answer = rest.title;
      report.warnings.push({
        row: row ?? 0,
        reason: `"${rest.id}" has no answer: its title is shown`,
      });
    }
    return rest;
  });
  const scriptList = [...scripts.values()];
  const check = validatePack({
    schemaVersion: PACK_SCHEMA_VERSION,
    id: 'import',
    name: 'import',
    locale: options.locale ?? 'zh-CN',
    version: '0',
    articles: articleList,
    scripts: scriptList,
  });
  if (!check.ok) {
    return {
      ok: false,
      error: check.errors.map((e) => `${e.path}: ${e.reason}`).join('; '),
      report,
    };
  }
  return { ok: true, report, articles: articleList, scripts: scriptList, sheetIds: renamed };
}

/** Imports a CSV or XLSX file (bytes + file name) as articles or scripts, all or nothing. */
export function importSpreadsheet(
  bytes: Uint8Array,
  fileName: string,
  options: ImportOptions = {},
): ImportResult {
  let sheet: { rows: string[][]; encoding?: string };
  try {
    sheet = readSheet(bytes, fileName);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const result = importRows(sheet.rows, options);
  if (result.report && sheet.encoding) result.report.encoding = sheet.encoding;
  return result;
}
