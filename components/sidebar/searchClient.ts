/** Talks to the search worker: one per page, answers matched to questions by id. */
import type { Pack } from '../../knowledge/authoring/pack.ts';
import type { Hit, SearchOptions } from '../../knowledge/search/model.ts';
import type { SuggestOptions } from '../../knowledge/search/suggest.ts';
import type { CaseContext, Locale } from '../../knowledge/types.ts';
import type { IndexSource, WorkerRequest, WorkerResponse } from '../../extension/search-worker.ts';
import SearchWorker from '../../extension/search-worker.ts?worker';

export interface SearchClient {
  /** Restores or builds the index for a pack set; resolves when it is ready, with how it came. */
  load(key: string, packs: Pack[], locale: Locale): Promise<IndexSource>;
  search(query: string, options: SearchOptions): Promise<Hit[]>;
  suggest(context: CaseContext, options: SuggestOptions): Promise<Hit[]>;
}

interface LoadWaiter {
  resolve: (source: IndexSource) => void;
  reject: (e: Error) => void;
}

/** Starts the worker. A crashed worker is restarted on the next question; search never blocks the UI. */
export function createSearchClient(): SearchClient {
  let worker: Worker | null = null;
  let next = 1;
  const waiting = new Map<number, (hits: Hit[]) => void>();
  // Pending loads by pack-set key (several callers may wait on one key).
  const loads = new Map<string, LoadWaiter[]>();
  const settle = (key: string, how: (w: LoadWaiter) => void): void => {
    for (const waiter of loads.get(key) ?? []) how(waiter);
    loads.delete(key);
  };
  let lastLoad: { key: string; packs: Pack[]; locale: Locale } | null = null;

  const start = (): Worker => {
    if (worker) return worker;
    const w = new SearchWorker();
    w.onmessage = (e: MessageEvent<WorkerResponse>) => {
      const msg = e.data;
      if (msg.type === 'ready') settle(msg.key, (w) => w.resolve(msg.source));
      else if (msg.type === 'hits') {
        waiting.get(msg.id)?.(msg.hits);
        waiting.delete(msg.id);
      } else if (msg.id !== undefined) {
        waiting.get(msg.id)?.([]);
        waiting.delete(msg.id);
      } else if (msg.key !== undefined) {
        // The index could not be made: the caller sees the failure (and may try again).
        settle(msg.key, (w) => w.reject(new Error(msg.message)));
      }
    };
    w.onerror = () => {
      // Answer everyone with nothing and start afresh next time.
      for (const done of waiting.values()) done([]);
      waiting.clear();
      w.terminate();
      worker = null;
      if (lastLoad) void load(lastLoad.key, lastLoad.packs, lastLoad.locale);
    };
    worker = w;
    return w;
  };

  const send = (req: WorkerRequest) => start().postMessage(req);

  const load = (key: string, packs: Pack[], locale: Locale): Promise<IndexSource> => {
    lastLoad = { key, packs, locale };
    return new Promise((resolve, reject) => {
      loads.set(key, [...(loads.get(key) ?? []), { resolve, reject }]);
      send({ type: 'load', key, packs, locale });
    });
  };

  const ask = (req: (id: number) => WorkerRequest): Promise<Hit[]> => {
    const id = next++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      send(req(id));
    });
  };

  return {
    load,
    search: (query, options) => ask((id) => ({ type: 'search', id, query, options })),
    suggest: (context, options) => ask((id) => ({ type: 'suggest', id, context, options })),
  };
}
