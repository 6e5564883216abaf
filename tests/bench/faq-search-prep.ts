/**
 * `npx tsx tests/bench/faq-search-prep.ts --esun pid_map_content.json --out DIR [--script zh-TW|zh-CN]`:
 * turns E.SUN Bank's FAQ as published with the AI CUP 2024 reference data into a search set in
 * the bench formats: `DIR/faq.csv` and the queries split by article, `DIR/train-queries.csv`
 * (for choosing weights) and `DIR/test-queries.csv` (for reporting only).
 *
 * An FAQ entry is an article: its first question is the title, all its answers the answer text.
 * Its other questions are the queries: each asks about one detail that only the answer text
 * holds, the case of customer questions that share no words with the title. Entries with a single
 * question stay in the FAQ as distractors. `--script zh-CN` converts everything with OpenCC's
 * Taiwan-to-mainland phrase tables (a proxy for simplified text, not real mainland wording).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';
import { required, option } from './args.ts';
import { hashToken } from '../../knowledge/search/hash.ts';
import { csvText } from '../../knowledge/text/csv.ts';
import { type EsunFaq, cleanAnswer } from './faq-answers-prep.ts';

export interface SearchSet {
  faq: string[][];
  train: string[][];
  test: string[][];
}

/** Which split an article falls in: a fixed hash of its id (FNV-1a), one in three to training. */
export function splitOf(id: string): 'train' | 'test' {
  return hashToken(id) % 3 === 0 ? 'train' : 'test';
}

/** The FAQ rows (id,title,question,answer) and the queries of each split. */
export function searchSet(faq: EsunFaq, convert: (s: string) => string = (s) => s): SearchSet {
  const out: SearchSet = { faq: [['id', 'title', 'question', 'answer']], train: [], test: [] };
  const pids = Object.keys(faq).sort((a, b) => Number(a) - Number(b));
  for (const pid of pids) {
    const entries = faq[pid]!;
    if (entries.length === 0) continue;
    const id = `esun-${pid}`;
    const answer = [...new Set(entries.flatMap((e) => e.answers.map(cleanAnswer)))]
      .filter((a) => a !== '')
      .join('\n');
    out.faq.push([id, convert(entries[0]!.question.trim()), '', convert(answer)]);
    for (const e of entries.slice(1)) out[splitOf(id)].push([convert(e.question.trim()), id]);
  }
  return out;
}

function main(args: string[]): void {
  const usage =
    'tsx tests/bench/faq-search-prep.ts --esun pid_map_content.json --out DIR [--script zh-TW|zh-CN]';
  const src = required(args, 'esun', usage);
  const dir = required(args, 'out', usage);
  const convert =
    option(args, 'script') === 'zh-CN'
      ? OpenCC.Converter({ from: 'twp', to: 'cn' })
      : (s: string): string => s;
  const set = searchSet(JSON.parse(readFileSync(src, 'utf8')) as EsunFaq, convert);
  mkdirSync(dir, { recursive: true });
  const header = ['query', 'expected_id'];
  writeFileSync(join(dir, 'faq.csv'), csvText(set.faq));
  writeFileSync(join(dir, 'train-queries.csv'), csvText([header, ...set.train]));
  writeFileSync(join(dir, 'test-queries.csv'), csvText([header, ...set.test]));
  process.stderr.write(
    `${set.faq.length - 1} articles, ${set.train.length} training and ${set.test.length} test queries -> ${dir}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
