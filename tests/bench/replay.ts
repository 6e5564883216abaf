/**
 * `npm run bench -- replay --faq FAQ.csv --history HISTORY.csv --queries QUERIES.csv
 *   [--picks 0,100,500,2000] [--accept shown|always]`: learning from accepted suggestions,
 * replayed. An agent works through the history's questions in a seeded random order; when the
 * expected article is among the first five results (`shown`, the default; `always`: the agent
 * finds it some other way) they pick it, and the search learns the words that led there
 * (knowledge/search/learned.ts). After N picks, the held-out queries are scored; the lift is
 * against no picks. History and queries are `query,expected_id` or `text,category` CSV.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { importSpreadsheet } from '../../knowledge/authoring/import.ts';
import { buildIndex } from '../../knowledge/search/build.ts';
import { learn, type LearnedPick } from '../../knowledge/search/learned.ts';
import { docsFromPack } from '../../knowledge/search/model.ts';
import { search } from '../../knowledge/search/query.ts';
import { hasCjk } from '../../knowledge/search/tokens.ts';
import { readCsv } from '../../knowledge/text/csv.ts';
import type { Locale } from '../../knowledge/types.ts';
import { rng } from '../support/records-gen.ts';
import { emit, option, quantile, required, round } from './args.ts';

const USAGE =
  'npm run bench -- replay --faq FAQ.csv --history HISTORY.csv --queries QUERIES.csv [--picks 0,100,500,2000] [--accept shown|always]';

/** Query and expected id pairs of a CSV (`query,expected_id` or `text,category`). */
function pairs(path: string): { query: string; expected: string }[] {
  const rows = readCsv(new Uint8Array(readFileSync(path))).rows;
  const h = rows[0]!.map((x) => x.trim().toLowerCase());
  const qi = h.includes('query') ? h.indexOf('query') : h.indexOf('text');
  const ei = h.includes('expected_id') ? h.indexOf('expected_id') : h.indexOf('category');
  if (qi < 0 || ei < 0) throw new Error(`${path}: expected query,expected_id or text,category`);
  return rows
    .slice(1)
    .map((r) => ({ query: (r[qi] ?? '').trim(), expected: (r[ei] ?? '').trim() }))
    .filter((p) => p.query !== '' && p.expected !== '');
}

export async function run(args: string[]): Promise<void> {
  const faqPath = required(args, 'faq', USAGE);
  const history = pairs(required(args, 'history', USAGE));
  const queries = pairs(required(args, 'queries', USAGE));
  const picks = (option(args, 'picks') ?? '0,100,500,2000').split(',').map(Number);
  const always = option(args, 'accept') === 'always';
  const faqBytes = new Uint8Array(readFileSync(faqPath));
  const probe = readCsv(faqBytes).rows.slice(1, 50).flat().join('');
  const locale: Locale = (option(args, 'locale') as Locale) ?? (hasCjk(probe) ? 'zh-CN' : 'en');
  const imported = importSpreadsheet(faqBytes, faqPath, { locale });
  if (!imported.ok) throw new Error(`FAQ import failed: ${imported.error}`);
  const index = buildIndex(docsFromPack({ articles: imported.articles }), { locale });
  const sheetId = (id: string) => imported.sheetIds[id] ?? id;
  const packId = new Map(Object.entries(imported.sheetIds).map(([p, s]) => [s, p]));
  const docId = (sheet: string) => packId.get(sheet) ?? sheet;

  // A seeded shuffle: the agent meets the questions in no particular order.
  const r = rng(77);
  const order = history
    .map((h) => ({ h, k: r() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.h);

  const score = (learned: LearnedPick[]) => {
    let top1 = 0;
    let top3 = 0;
    const ms: number[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      const ids = search(index, q.query, { limit: 3, learned }).map((h) => sheetId(h.id));
      ms.push(performance.now() - t0);
      if (ids[0] === q.expected) top1++;
      if (ids.includes(q.expected)) top3++;
    }
    return { top1: top1 / queries.length, top3: top3 / queries.length, p95: quantile(ms, 0.95) };
  };

  let learned: LearnedPick[] = [];
  let accepted = 0;
  let seen = 0;
  const base = score([]);
  for (const n of picks.sort((a, b) => a - b)) {
    while (accepted < n && seen < order.length) {
      const { query, expected } = order[seen++]!;
      const shown = search(index, query, { limit: 5, learned }).map((h) => sheetId(h.id));
      if (!always && !shown.includes(expected)) continue;
      learned = learn(learned, query, docId(expected), seen);
      accepted++;
    }
    const s = n === 0 ? base : score(learned);
    emit({
      bench: 'replay',
      accept: always ? 'always' : 'shown',
      picks: accepted,
      history_seen: seen,
      learned: learned.length,
      queries: queries.length,
      top1: round(s.top1),
      top3: round(s.top3),
      lift_top1: round(s.top1 - base.top1),
      lift_top3: round(s.top3 - base.top3),
      p95_ms: round(s.p95, 3),
    });
  }
}
