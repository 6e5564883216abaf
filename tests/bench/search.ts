/**
 * `npm run bench -- search --faq FAQ.csv --queries QUERIES.csv [--locale zh-CN|en]
 *   [--engines ours,fuse-default,minisearch]`
 *
 * Retrieval quality and latency of the knowledge search against the libraries a team would
 * otherwise pick, in one run. The FAQ goes through the same spreadsheet import as a trainer's
 * file; every engine builds its index from the FAQ alone.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { readCsv } from '../../knowledge/text/csv.ts';
import { importSpreadsheet } from '../../knowledge/authoring/import.ts';
import { docsFromPack, type EngineParams } from '../../knowledge/search/model.ts';
import { buildIndex } from '../../knowledge/search/build.ts';
import { search } from '../../knowledge/search/query.ts';
import { analyse, hasCjk, setWordSegmenter } from '../../knowledge/search/tokens.ts';
import type { Locale } from '../../knowledge/types.ts';
import { emit, option, quantile, required, round } from './args.ts';

const USAGE =
  'npm run bench -- search --faq FAQ.csv --queries QUERIES.csv [--locale zh-CN|en] [--engines ours,fuse-default,minisearch] [--params JSON] [--segmenter intl|jieba|none]';

interface Row {
  id: string;
  title: string;
  question: string;
  answer: string;
}

interface Engine {
  build(): void;
  /** Article ids, best first (distinct). */
  query(q: string): string[];
}

/** What a competent team would give MiniSearch: Latin words lower-cased, CJK runs as bigrams. */
function cjkAwareTokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9\u00c0-\u024f']+/g)) {
    const run = m[0];
    if (/[\u3400-\u9fff\uf900-\ufaff]/.test(run)) {
      if (run.length === 1) out.push(run);
      for (let i = 0; i + 2 <= run.length; i++) out.push(run.slice(i, i + 2));
    } else out.push(run.toLowerCase());
  }
  return out;
}

function distinct(ids: string[], limit: number): string[] {
  const out: string[] = [];
  for (const id of ids) {
    if (!out.includes(id)) out.push(id);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * The query-side Chinese word segmenter of `ours`, for comparing them: `intl` (the browser's
 * `Intl.Segmenter`, what the extension uses), `jieba` (jieba-wasm with its bundled dictionary) or
 * `none`. Returns what it costs to ship and load.
 */
async function useSegmenter(
  name: string,
): Promise<{ segmenter: string; segmenter_load_ms: number; segmenter_bytes: number }> {
  const t0 = performance.now();
  if (name === 'none') setWordSegmenter(null);
  else if (name === 'jieba') {
    const jieba = await import('jieba-wasm');
    setWordSegmenter((text) => jieba.cut(text, true));
  } else if (name === 'intl') setWordSegmenter(undefined);
  else throw new Error(`unknown segmenter ${name} (intl, jieba or none)`);
  // The first query's segmentation, through the engine's own analysis, counts as loading.
  analyse('预热一下', { charGrams: 0, bigrams: false, segment: true });
  const loadMs = performance.now() - t0;
  let bytes = 0;
  if (name === 'jieba') {
    const dir = dirname(createRequire(import.meta.url).resolve('jieba-wasm'));
    for (const f of readdirSync(dir))
      if (/\.(wasm|js)$/.test(f)) bytes += statSync(join(dir, f)).size;
  }
  return { segmenter: name, segmenter_load_ms: round(loadMs, 1), segmenter_bytes: bytes };
}

/** MiniSearch as the contract sets it up, over the given fields. */
function miniSearch(rows: Row[], fields: (keyof Row)[]): Engine {
  let ms: MiniSearch<Row & { n: number }> | undefined;
  return {
    build: () => {
      ms = new MiniSearch<Row & { n: number }>({
        idField: 'n',
        fields,
        storeFields: ['id'],
        tokenize: cjkAwareTokenize,
        searchOptions: { fuzzy: 0.2, prefix: true },
      });
      ms.addAll(rows.map((r, n) => ({ ...r, n })));
    },
    query: (q) =>
      distinct(
        ms!.search(q).map((r) => r['id'] as string),
        10,
      ),
  };
}

/** Reads the FAQ rows as the peers see them: one record per question variant. */
function faqRows(bytes: Uint8Array): Row[] {
  const { rows } = readCsv(bytes);
  const [header, ...body] = rows;
  const col = (name: string) => header!.findIndex((h) => h.trim().toLowerCase() === name);
  const [ci, ct, cq, ca] = [col('id'), col('title'), col('question'), col('answer')];
  const out: Row[] = [];
  let last: Row | undefined;
  for (const r of body) {
    if (r.every((c) => c.trim() === '')) continue;
    const id = (r[ci] ?? '').trim();
    const title = (r[ct] ?? '').trim() || (last?.id === id ? last.title : '');
    const answer = (ca >= 0 ? (r[ca] ?? '') : '').trim() || (last?.id === id ? last.answer : '');
    last = { id, title, question: (r[cq] ?? '').trim(), answer };
    out.push(last);
  }
  return out;
}

export async function run(args: string[]): Promise<void> {
  const faqPath = required(args, 'faq', USAGE);
  const queriesPath = required(args, 'queries', USAGE);
  const engines = (option(args, 'engines') ?? 'ours,fuse-default,minisearch').split(',');
  // Weights to try on a training split (never on the queries reported): `{"fields":{...}}`.
  const paramsArg = option(args, 'params');
  const params = paramsArg ? (JSON.parse(paramsArg) as Partial<EngineParams>) : undefined;
  const seg = await useSegmenter(option(args, 'segmenter') ?? 'intl');
  const faqBytes = new Uint8Array(readFileSync(faqPath));
  const rows = faqRows(faqBytes);
  const localeArg = option(args, 'locale') as Locale | undefined;
  const locale: Locale =
    localeArg ?? (rows.some((r) => hasCjk(r.title + r.question)) ? 'zh-CN' : 'en');
  const queryRows = readCsv(new Uint8Array(readFileSync(queriesPath))).rows;
  const qh = queryRows[0]!.map((h) => h.trim().toLowerCase());
  const [qi, ei] = [qh.indexOf('query'), qh.indexOf('expected_id')];
  const queries = queryRows
    .slice(1)
    .filter((r) => (r[qi] ?? '').trim() !== '')
    .map((r) => ({ query: r[qi]!, expected: (r[ei] ?? '').trim() }));

  const imported = importSpreadsheet(faqBytes, faqPath, { locale });
  if (!imported.ok) throw new Error(`FAQ import failed: ${imported.error}`);
  const { report } = imported;
  process.stderr.write(
    `FAQ ${faqPath}: ${imported.articles.length} articles from ${rows.length} rows ` +
      `(taken ${report.taken}, merged ${report.merged}, refused ${report.refused.length}), ` +
      `${queries.length} queries, locale ${locale}\n`,
  );
  const articleCount = new Set(rows.map((r) => r.id)).size;
  const titles = new Map(rows.filter((r) => r.title).map((r) => [r.id, r.title]));
  const title = (id: string): string => `${id} ${titles.get(id) ?? ''}`;

  const makers: Record<string, () => Engine> = {
    ours: () => {
      let index: ReturnType<typeof buildIndex> | undefined;
      const docs = docsFromPack({ articles: imported.articles });
      // The import stores sheet ids the pack format does not allow under a safe id; map back.
      const sheetId = (id: string) => imported.sheetIds[id] ?? id;
      return {
        build: () => {
          index = buildIndex(docs, { locale, params });
        },
        query: (q) => search(index!, q, { limit: 10 }).map((h) => sheetId(h.id)),
      };
    },
    'fuse-default': () => {
      let fuse: Fuse<Row> | undefined;
      return {
        build: () => {
          fuse = new Fuse(rows, { keys: ['title', 'question'] });
        },
        query: (q) =>
          distinct(
            fuse!.search(q).map((r) => r.item.id),
            10,
          ),
      };
    },
    minisearch: () => miniSearch(rows, ['title', 'question']),
    // Not a contract peer: the same MiniSearch also given the answer text, for sets whose
    // queries ask about what only the answer says.
    'minisearch-answer': () => miniSearch(rows, ['title', 'question', 'answer']),
  };

  for (const name of engines) {
    const make = makers[name];
    if (!make) {
      process.stderr.write(`unknown engine ${name}\n`);
      process.exit(2);
    }
    const engine = make();
    const t0 = performance.now();
    engine.build();
    const buildMs = performance.now() - t0;
    let top1 = 0;
    let top3 = 0;
    let rr = 0;
    const times: number[] = [];
    for (const { query, expected } of queries) {
      // Per-query latency: the median of three runs, so a collection pause or a scheduler
      // hiccup on a shared machine does not stand in for the engine.
      const runs: number[] = [];
      let ids: string[] = [];
      for (let r = 0; r < 3; r++) {
        const s = performance.now();
        ids = engine.query(query);
        runs.push(performance.now() - s);
      }
      times.push(quantile(runs, 0.5));
      const rank = ids.indexOf(expected);
      if (process.env.SEARCH_DEBUG === name && (rank < 0 || rank > 2))
        process.stderr.write(
          `${query}\t${title(expected)}\t${ids.slice(0, 3).map(title).join(' | ')}\n`,
        );
      if (rank === 0) top1++;
      if (rank >= 0 && rank < 3) top3++;
      if (rank >= 0) rr += 1 / (rank + 1);
    }
    const n = queries.length || 1;
    emit({
      engine: name,
      ...(name === 'ours' ? seg : {}),
      articles: articleCount,
      rows: rows.length,
      queries: queries.length,
      top1: round(top1 / n),
      top3: round(top3 / n),
      mrr: round(rr / n),
      p50_ms: round(quantile(times, 0.5), 3),
      p95_ms: round(quantile(times, 0.95), 3),
      build_ms: Math.round(buildMs),
    });
  }
}
