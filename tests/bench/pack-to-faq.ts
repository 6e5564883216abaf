/**
 * Writes a pack's articles as a bench FAQ CSV (columns id,title,question,answer,tags; one row per
 * question variant), so the search bench can run on the shipped default knowledge:
 * `npx tsx tests/bench/pack-to-faq.ts knowledge/packs/xx-finance-kb.zh-CN.json tests/fixtures/search/zh-faq.csv`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parsePack, type Pack } from '../../knowledge/authoring/pack.ts';
import { csvText } from '../../knowledge/text/csv.ts';

export const FAQ_HEADER = ['id', 'title', 'question', 'answer', 'tags'] as const;

/** One row per question variant; title, answer and tags repeat so every row stands alone. */
export function faqRows(pack: Pack): string[][] {
  const rows: string[][] = [];
  for (const a of pack.articles ?? []) {
    const tags = (a.tags ?? []).join('|');
    for (const q of a.questions) rows.push([a.id, a.title, q, a.answer, tags]);
  }
  return rows;
}

/** The FAQ CSV text (UTF-8, no BOM, LF line ends; fields quoted only when needed). */
export function toFaqCsv(pack: Pack): string {
  return csvText([[...FAQ_HEADER], ...faqRows(pack)]);
}

/** Reads and validates a pack file; exits with its errors when it is not a valid pack. */
export function readPack(path: string): Pack {
  const result = parsePack(readFileSync(path, 'utf8'));
  if (!result.ok) {
    const why = result.errors.map((e) => `  ${e.path}: ${e.reason}`).join('\n');
    throw new Error(`${path} is not a valid pack:\n${why}`);
  }
  return result.pack;
}

/** `pack-to-faq <pack.json> <out.csv>` */
export async function run(args: string[]): Promise<void> {
  const [input, output] = args;
  if (!input || !output) {
    process.stderr.write('usage: tsx tests/bench/pack-to-faq.ts <pack.json> <out.csv>\n');
    process.exit(2);
  }
  const pack = readPack(input);
  writeFileSync(output, toFaqCsv(pack), 'utf8');
  const rows = faqRows(pack).length;
  process.stderr.write(`${output}: ${pack.articles?.length ?? 0} articles, ${rows} rows\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
