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
import type { Channel, Locale } from '../types.ts';
import {
  type Field,
  type RowIssue,
  findHeader,
  mapCaseTypes,
  mapChannels,
  parseDate,
  splitList,
  splitVariants,
} from './columns.ts';
import { readXlsx } from '../text/xlsx.ts';

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

/** A pack id for a sheet id with characters the pack format does not allow. */
function safeId(id: string, taken: Record<string, string>): string {
  let base = id.replace(/[^\w.-]/g, '_').replace(/^[^A-Za-z0-9]+/, '');
  if (!base) base = idFromTitle('id', id);
  let out = base;
  for (let n = 2; taken[out] !== undefined; n++) out = `${base}-${n}`;
  return out;
}

function addAll(target: string[] | undefined, values: string[] | undefined): string[] | undefined {
  if (!values?.length) return target;
  const out = target ?? [];
  for (const v of values) if (!out.includes(v)) out.push(v);
  return out;
}

/** What the import of one sheet collects as it goes through the rows. */
interface SheetImport {
  header: { index: number; columns: Map<number, Field> };
  report: ImportReport;
  /** Sheet ids the pack format does not allow, and the safe ids they are stored under. */
  safeIds: Map<string, string>;
  renamed: Record<string, string>;
  articles: Map<string, Article & { row?: number }>;
  scripts: Map<string, Script>;
}

/** One data row: its number as the trainer sees it and its cells by field. */
interface SheetRow {
  rowNo: number;
  get: (f: Field) => string;
  questionCells: string[];
  id: string;
  title: string;
  reviewBy?: string;
  tags?: string[];
  caseTypes?: string[];
}

/** Reads a row's common fields; undefined (with the reason recorded) when it is refused. */
function readRow(sheet: SheetImport, cells: string[], rowNo: number): SheetRow | undefined {
  const columns = [...sheet.header.columns];
  const get = (f: Field): string =>
    columns
      .filter(([, g]) => g === f)
      .map(([i]) => (cells[i] ?? '').trim())
      .find((v) => v !== '') ?? '';
  const questionCells = columns.filter(([, g]) => g === 'question').map(([i]) => cells[i] ?? '');
  let id = get('id');
  if (id && !ID_RE.test(id)) {
    const safe = sheet.safeIds.get(id) ?? safeId(id, sheet.renamed);
    if (!sheet.safeIds.has(id)) {
      sheet.safeIds.set(id, safe);
      sheet.renamed[safe] = id;
      sheet.report.warnings.push({ row: rowNo, reason: `id "${id}" stored as "${safe}"` });
    }
    id = safe;
  }
  const row: SheetRow = { rowNo, get, questionCells, id, title: get('title') };
  const reviewCell = get('reviewBy');
  if (reviewCell) {
    row.reviewBy = parseDate(reviewCell);
    if (!row.reviewBy) {
      sheet.report.refused.push({
        row: rowNo,
        reason: `review date "${reviewCell}" is not a date`,
      });
      return undefined;
    }
  }
  if (get('tags')) row.tags = splitList(get('tags'));
  if (get('caseTypes')) row.caseTypes = mapCaseTypes(get('caseTypes'));
  return row;
}

/** Takes a script row: a new script, more lists for one already taken, or a refusal. */
function takeScript(sheet: SheetImport, row: SheetRow): void {
  const { report } = sheet;
  const { rowNo, get, title } = row;
  const text = get('text');
  const step = get('step');
  if (!text) return void report.refused.push({ row: rowNo, reason: 'no script text' });
  if (!step || !ID_RE.test(step))
    return void report.refused.push({
      row: rowNo,
      reason: step ? `step "${step}" is not a step id` : 'no step',
    });
  const id = row.id || idFromTitle('s', `${step}\u0000${title || text}`);
  const channels = get('channels')
    ? mapChannels(get('channels'), rowNo, report.warnings)
    : undefined;
  const existing = sheet.scripts.get(id);
  if (existing) {
    // Same script id again: only list fields can grow; a different text is a conflict.
    if (existing.text !== text)
      return void report.refused.push({
        row: rowNo,
        reason: `id "${id}" already used by row with other text`,
      });
    existing.channels = addAll(existing.channels, channels) as Channel[] | undefined;
    existing.caseTypes = addAll(existing.caseTypes, row.caseTypes);
    existing.tags = addAll(existing.tags, row.tags);
    report.merged++;
    return;
  }
  const s: Script = { id, step, title: title || text.slice(0, 40), text };
  if (row.caseTypes) s.caseTypes = row.caseTypes;
  if (channels) s.channels = channels;
  if (row.tags) s.tags = row.tags;
  if (row.reviewBy) s.reviewBy = row.reviewBy;
  sheet.scripts.set(id, s);
  report.taken++;
}

/** Adds a row's variants and missing fields to the article it continues. */
function mergeArticle(sheet: SheetImport, existing: Article, row: SheetRow, questions: string[]) {
  const { get, title, rowNo } = row;
  const answer = get('answer');
  existing.questions = addAll(existing.questions, questions)!;
  if (title && !existing.title) existing.title = title;
  if (answer && !existing.answer) existing.answer = answer;
  else if (answer && existing.answer !== answer)
    sheet.report.warnings.push({
      row: rowNo,
      reason: `another answer for "${existing.id}": the first is kept`,
    });
  existing.tags = addAll(existing.tags, row.tags);
  existing.caseTypes = addAll(existing.caseTypes, row.caseTypes);
  if (!existing.product && get('product')) existing.product = get('product');
  if (!existing.owner && get('owner')) existing.owner = get('owner');
  if (!existing.reviewBy && row.reviewBy) existing.reviewBy = row.reviewBy;
  sheet.report.merged++;
}

/** Takes an article row: a new article, another variant of one already taken, or a refusal. */
function takeArticle(sheet: SheetImport, row: SheetRow): void {
  const { get, title, rowNo } = row;
  const questions = row.questionCells.flatMap(splitVariants);
  // A continuation row may carry only more answer text for an article already taken.
  const continuation = !!row.id && sheet.articles.has(row.id) && !!get('answer');
  if (!title && questions.length === 0 && !continuation)
    return void sheet.report.refused.push({ row: rowNo, reason: 'no title and no question' });
  const id = row.id || (title ? idFromTitle('kb', title) : idFromTitle('kb', questions[0]!));
  const existing = sheet.articles.get(id);
  if (existing) return mergeArticle(sheet, existing, row, questions);
  const a: Article & { row?: number } = {
    id,
    title: title || questions[0]!,
    questions: questions.length ? questions : [title],
    answer: get('answer'),
  };
  if (row.tags) a.tags = row.tags;
  if (get('product')) a.product = get('product');
  if (row.caseTypes) a.caseTypes = row.caseTypes;
  if (get('owner')) a.owner = get('owner');
  if (row.reviewBy) a.reviewBy = row.reviewBy;
  a.row = rowNo;
  sheet.articles.set(id, a);
  sheet.report.taken++;
}

/** The articles as the pack stores them: an article without an answer shows its title. */
function finishArticles(sheet: SheetImport): Article[] {
  return [...sheet.articles.values()].map((a) => {
    const { row, ...rest } = a;
    if (!rest.questions.includes(rest.title) && rest.questions.length === 0)
      rest.questions = [rest.title];
    if (!rest.answer.trim()) {
      // An FAQ sheet may list questions before answers are written; the article stays findable.
      rest.answer = rest.title;
      sheet.report.warnings.push({
        row: row ?? 0,
        reason: `"${rest.id}" has no answer: its title is shown`,
      });
    }
    return rest;
  });
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
  const report: ImportReport = { taken: 0, merged: 0, refused: [], warnings: [], columns: {} };
  for (const [i, f] of header.columns) report.columns[rows[header.index]![i]!.trim()] = f;
  const sheet: SheetImport = {
    header,
    report,
    safeIds: new Map(),
    renamed: {},
    articles: new Map(),
    scripts: new Map(),
  };
  for (let r = header.index + 1; r < rows.length; r++) {
    const cells = rows[r]!;
    if (cells.every((c) => c.trim() === '')) continue;
    const row = readRow(sheet, cells, r + 1);
    if (!row) continue;
    if (kind === 'script') takeScript(sheet, row);
    else takeArticle(sheet, row);
  }
  const articleList = finishArticles(sheet);
  const scriptList = [...sheet.scripts.values()];
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
  return { ok: true, report, articles: articleList, scripts: scriptList, sheetIds: sheet.renamed };
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
