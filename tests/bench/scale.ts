/**
 * `npm run bench -- scale [--sizes 1000,10000,50000] [--locales zh-CN,en] [--queries 500] [--default-packs]`
 *
 * Synthetic packs (zh-CN and en) of growing size: index build time, per-query latency and heap,
 * one JSON line per locale and size. Articles are made of Zipf-distributed words, each with a
 * title, three question variants and an answer; queries are question variants with a word
 * dropped and another one added, as agents type them. With `--default-packs`, only the shipped
 * packs instead: build time (the sidebar builds when it opens), stored size and restore time of
 * the record kept in IndexedDB.
 */
import { readFileSync } from 'node:fs';
import { deserialize, serialize, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import t2s from '../../knowledge/data/t2s.json';
import type { Pack } from '../../knowledge/authoring/pack.ts';
import { docsFromPack, type SearchDoc } from '../../knowledge/search/model.ts';
import { buildIndex } from '../../knowledge/search/build.ts';
import { search } from '../../knowledge/search/query.ts';
import { indexFromRecord, indexToRecord } from '../../knowledge/search/store.ts';
import { emit, option, quantile, round } from './args.ts';

/** Deterministic random numbers (the same pack on every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s ^= s >>> 13;
    return (s >>> 0) / 4294967296;
  };
}

function vocabulary(locale: 'zh-CN' | 'en', size: number, rand: () => number): string[] {
  const out = new Set<string>();
  if (locale === 'en') {
    const syl = [
      'ba',
      'co',
      'de',
      'fi',
      'ga',
      'ho',
      'ju',
      'ka',
      'lo',
      'me',
      'ni',
      'po',
      'ra',
      'se',
      'ti',
      'vu',
      'wa',
      'xe',
      'yo',
      'ze',
      'an',
      'er',
      'in',
      'on',
      'us',
      'st',
      'nd',
      'ch',
      'tr',
      'pl',
    ];
    while (out.size < size) {
      const n = 2 + Math.floor(rand() * 3);
      let w = '';
      for (let i = 0; i < n; i++) w += syl[Math.floor(rand() * syl.length)]!;
      out.add(w);
    }
  } else {
    // Real simplified characters (the folding table's targets), paired into words.
    const chars = [...new Set((t2s as { to: string }).to)];
    while (out.size < size) {
      const n = rand() < 0.8 ? 2 : 3;
      let w = '';
      for (let i = 0; i < n; i++) w += chars[Math.floor(rand() * chars.length)]!;
      out.add(w);
    }
  }
  return [...out];
}

/** Zipf-like pick: low ranks (common words) far more often. */
function zipf(words: string[], rand: () => number): string {
  return words[Math.floor(Math.pow(rand(), 2.2) * words.length)]!;
}

function sentence(words: string[], n: number, rand: () => number, zh: boolean): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(zipf(words, rand));
  return parts.join(zh ? '' : ' ');
}

export function makePack(
  locale: 'zh-CN' | 'en',
  size: number,
): { docs: SearchDoc[]; queries: string[] } {
  const rand = rng(size * 7 + (locale === 'en' ? 1 : 2));
  const zh = locale === 'zh-CN';
  const words = vocabulary(locale, Math.min(40_000, 2_000 + size), rand);
  const docs: SearchDoc[] = [];
  for (let i = 0; i < size; i++) {
    const title = sentence(words, 3 + Math.floor(rand() * 3), rand, zh);
    const questions = [0, 1, 2].map(() => sentence(words, 4 + Math.floor(rand() * 5), rand, zh));
    docs.push({
      id: `a${i}`,
      kind: 'article',
      title,
      questions,
      answer: sentence(words, 25 + Math.floor(rand() * 20), rand, zh),
      tags: [zipf(words, rand)],
    });
  }
  const queries: string[] = [];
  for (let i = 0; i < 500; i++) {
    const d = docs[Math.floor(rand() * docs.length)]!;
    const q = d.questions![Math.floor(rand() * 3)]!;
    const parts = zh ? (q.match(/.{1,2}/g) ?? []) : q.split(' ');
    parts.splice(Math.floor(rand() * parts.length), 1);
    parts.splice(Math.floor(rand() * parts.length), 0, zipf(words, rand));
    queries.push(parts.join(zh ? '' : ' '));
  }
  return { docs, queries };
}

function gc(): void {
  try {
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    // Twice: the backing stores of dead typed arrays are only released by a second collection.
    collect();
    collect();
  } catch {
    // Without a collector hook the heap figure includes garbage: still an upper bound.
  }
}

/** The shipped packs of each locale, built as the sidebar builds them (median of 5 builds). */
function defaultPacks(): void {
  for (const locale of ['zh-CN', 'en'] as const) {
    const packs = ['kb', 'sop'].map(
      (k) =>
        JSON.parse(
          readFileSync(
            new URL(`../../knowledge/packs/xx-finance-${k}.${locale}.json`, import.meta.url),
            'utf8',
          ),
        ) as Pack,
    );
    const docs = packs.flatMap((p) => docsFromPack(p));
    const synonyms = packs.flatMap((p) => p.synonyms ?? []);
    const times: number[] = [];
    let index = buildIndex(docs, { synonyms, locale });
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      index = buildIndex(docs, { synonyms, locale });
      times.push(performance.now() - t0);
    }
    // The record as IndexedDB keeps it: V8's structured serialisation, as Chromium stores it.
    const stored = serialize(indexToRecord(index));
    const t1 = performance.now();
    indexFromRecord(deserialize(stored));
    const restoreMs = performance.now() - t1;
    emit({
      locale,
      pack: 'default',
      docs: docs.length,
      build_ms: Math.round(quantile(times, 0.5)),
      stored_kb: Math.round(stored.length / 1024),
      restore_ms: round(restoreMs, 1),
    });
  }
}

export async function run(args: string[]): Promise<void> {
  if (args.includes('--default-packs')) {
    defaultPacks();
    return;
  }
  const sizes = (option(args, 'sizes') ?? '1000,10000,50000').split(',').map(Number);
  const nQueries = Number(option(args, 'queries') ?? 500);
  const locales = (option(args, 'locales') ?? 'zh-CN,en').split(',') as ('zh-CN' | 'en')[];
  for (const locale of locales) {
    for (const size of sizes) emit(measure(locale, size, nQueries));
  }
}

/** Typed arrays live outside the JS heap (arrayBuffers): count both. */
function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** One pack size, in a function of its own so nothing of it outlives the measurement. */
function measure(locale: 'zh-CN' | 'en', size: number, nQueries: number): Record<string, unknown> {
  const { docs, queries } = makePack(locale, size);
  gc();
  const before = used();
  const t0 = performance.now();
  const index = buildIndex(docs, { locale });
  const buildMs = performance.now() - t0;
  gc();
  const heapMb = (used() - before) / 2 ** 20;
  const times: number[] = [];
  for (const q of queries.slice(0, nQueries)) {
    const s = performance.now();
    search(index, q, { limit: 10 });
    times.push(performance.now() - s);
  }
  process.stderr.write(`${locale} ${size} articles: built in ${Math.round(buildMs)} ms\n`);
  return {
    locale,
    articles: size,
    queries: times.length,
    build_ms: Math.round(buildMs),
    p50_ms: round(quantile(times, 0.5), 3),
    p95_ms: round(quantile(times, 0.95), 3),
    heap_mb: round(heapMb, 1),
    // The whole process: the pack's documents, the index and the runtime.
    heap_total_mb: round(used() / 2 ** 20, 1),
  };
}
