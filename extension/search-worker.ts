/**
 * The knowledge search, off the sidebar's UI thread: the index is built here once per pack
 * set, and every keystroke's query is answered here, so typing never waits on the engine.
 */
import type { Pack } from '../knowledge/pack.ts';
import {
  buildIndex,
  docsFromPack,
  search,
  suggest,
  type Hit,
  type SearchIndex,
  type SearchOptions,
  type SuggestOptions,
} from '../knowledge/search.ts';
import type { CaseContext, Locale } from '../knowledge/types.ts';

export type WorkerRequest =
  | { type: 'load'; key: string; packs: Pack[]; locale: Locale }
  | { type: 'search'; id: number; query: string; options: SearchOptions }
  | { type: 'suggest'; id: number; context: CaseContext; options: SuggestOptions };

export type WorkerResponse =
  | { type: 'ready'; key: string; ms: number }
  | { type: 'hits'; id: number; hits: Hit[] }
  | { type: 'error'; id?: number; message: string };

let index: SearchIndex | null = null;
let loaded = '';

const post = (msg: WorkerResponse): void => (self as unknown as Worker).postMessage(msg);

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const msg = event.data;
  try {
    if (msg.type === 'load') {
      if (msg.key !== loaded) {
        const t0 = performance.now();
        index = buildIndex(
          msg.packs.flatMap((p) => docsFromPack(p)),
          { synonyms: msg.packs.flatMap((p) => p.synonyms ?? []), locale: msg.locale },
        );
        loaded = msg.key;
        post({ type: 'ready', key: msg.key, ms: performance.now() - t0 });
      } else post({ type: 'ready', key: msg.key, ms: 0 });
      return;
    }
    if (!index) {
      post({ type: 'hits', id: msg.id, hits: [] });
      return;
    }
    const hits =
      msg.type === 'search'
        ? search(index, msg.query, msg.options)
        : suggest(index, msg.context, msg.options);
    post({ type: 'hits', id: msg.id, hits });
  } catch (e) {
    post({ type: 'error', ...('id' in msg ? { id: msg.id } : {}), message: (e as Error).message });
  }
};
