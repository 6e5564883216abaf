/**
 * The knowledge search, off the sidebar's UI thread: the index is restored (or built once per
 * pack set and kept), and every keystroke's query is answered here, so typing never waits on
 * the engine.
 */
import type { Pack } from '../knowledge/authoring/pack.ts';
import {
  cacheOf,
  docsFromPack,
  type Hit,
  type SearchIndex,
  type SearchOptions,
} from '../knowledge/search/model.ts';
import { buildIndex } from '../knowledge/search/build.ts';
import { search } from '../knowledge/search/query.ts';
import { suggest, type SuggestOptions } from '../knowledge/search/suggest.ts';
import type { CaseContext, Locale } from '../knowledge/types.ts';
import { IndexDb, indexKey, restoreIndex, storeIndex } from './index-store.ts';

export type WorkerRequest =
  | { type: 'load'; key: string; packs: Pack[]; locale: Locale }
  | { type: 'search'; id: number; query: string; options: SearchOptions }
  | { type: 'suggest'; id: number; context: CaseContext; options: SuggestOptions };

/** `source`: whether the index was restored from storage or built (and then stored). */
export type IndexSource = 'stored' | 'built' | 'loaded';

export type WorkerResponse =
  | { type: 'ready'; key: string; ms: number; source: IndexSource }
  | { type: 'hits'; id: number; hits: Hit[] }
  | { type: 'error'; id?: number; key?: string; message: string };

let index: SearchIndex | null = null;
let loaded = '';
let db: IndexDb | null = null;

const post = (msg: WorkerResponse): void => (self as unknown as Worker).postMessage(msg);

async function load(msg: Extract<WorkerRequest, { type: 'load' }>): Promise<void> {
  if (msg.key === loaded && index) {
    post({ type: 'ready', key: msg.key, ms: 0, source: 'loaded' });
    return;
  }
  const t0 = performance.now();
  db ??= new IndexDb();
  const key = indexKey(msg.packs, msg.locale);
  let source: IndexSource = 'stored';
  let next = await restoreIndex(db, key);
  if (!next) {
    source = 'built';
    next = buildIndex(
      msg.packs.flatMap((p) => docsFromPack(p)),
      { synonyms: msg.packs.flatMap((p) => p.synonyms ?? []), locale: msg.locale },
    );
  }
  // The query caches (synonym lookups, regional tables) now, not on the first keystroke.
  cacheOf(next);
  index = next;
  loaded = msg.key;
  post({ type: 'ready', key: msg.key, ms: performance.now() - t0, source });
  // Not awaited: storing a large index takes a while and must not hold up the queries behind it.
  if (source === 'built') void storeIndex(db, key, next);
}

function answer(msg: Exclude<WorkerRequest, { type: 'load' }>): void {
  const hits = !index
    ? []
    : msg.type === 'search'
      ? search(index, msg.query, msg.options)
      : suggest(index, msg.context, msg.options);
  post({ type: 'hits', id: msg.id, hits });
}

// One message at a time, in order: a query sent after a load is answered from that load's index.
let queue: Promise<void> = Promise.resolve();

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const msg = event.data;
  queue = queue.then(async () => {
    try {
      if (msg.type === 'load') await load(msg);
      else answer(msg);
    } catch (e) {
      post({
        type: 'error',
        ...('id' in msg ? { id: msg.id } : { key: msg.key }),
        message: (e as Error).message,
      });
    }
  });
};
