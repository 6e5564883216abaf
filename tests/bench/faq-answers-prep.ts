/**
 * `npx tsx tests/bench/faq-answers-prep.ts --esun pid_map_content.json --out ANSWERS.csv`:
 * turns E.SUN Bank's FAQ as published with the AI CUP 2024 reference data
 * (`reference/faq/pid_map_content.json`: `{ "<pid>": [{ "question", "answers": [..] }] }`) into
 * the id,lang,source,text CSV that `npm run bench -- faq-answers` reads.
 *
 * Each answer string is one row. Markdown links keep their text (`[說明](https://…)` -> `說明`),
 * whitespace runs collapse, and an answer repeated under several questions is kept once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { csvText } from '../../knowledge/text/csv.ts';
import { required } from './args.ts';

export type EsunFaq = Record<string, Array<{ question: string; answers: string[] }>>;

export interface Row {
  id: string;
  lang: string;
  source: string;
  text: string;
}

/** Link text for Markdown links, bare URLs kept, whitespace runs (not line breaks) collapsed. */
export function cleanAnswer(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[ \t\u3000]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

/** One row per distinct answer, in the file's order of FAQ ids. */
export function esunRows(faq: EsunFaq): Row[] {
  const seen = new Set<string>();
  const rows: Row[] = [];
  const pids = Object.keys(faq).sort((a, b) => Number(a) - Number(b));
  for (const pid of pids) {
    faq[pid]!.forEach((qa, qi) => {
      qa.answers.forEach((raw, ai) => {
        const text = cleanAnswer(raw);
        if (text === '' || seen.has(text)) return;
        seen.add(text);
        rows.push({ id: `esun-${pid}-${qi}-${ai}`, lang: 'zh-TW', source: 'esun-faq', text });
      });
    });
  }
  return rows;
}

/** RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled. */
export function toCsv(rows: Row[]): string {
  return csvText([
    ['id', 'lang', 'source', 'text'],
    ...rows.map((r) => [r.id, r.lang, r.source, r.text]),
  ]);
}

function main(args: string[]): void {
  const usage = 'tsx tests/bench/faq-answers-prep.ts --esun pid_map_content.json --out ANSWERS.csv';
  const src = required(args, 'esun', usage);
  const out = required(args, 'out', usage);
  const rows = esunRows(JSON.parse(readFileSync(src, 'utf8')) as EsunFaq);
  writeFileSync(out, toCsv(rows));
  process.stderr.write(`${rows.length} answers -> ${out}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
