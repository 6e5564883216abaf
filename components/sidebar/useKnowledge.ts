/** The packs of the case's language and the search index over them, built once per page. */
import { useQuery } from '@tanstack/preact-query';
import { useMemo } from 'preact/hooks';
import { packsFor } from '../../extension/packs.ts';
import type { Article, Pack, Script } from '../../knowledge/authoring/pack.ts';
import type { IndexSource } from '../../extension/search-worker.ts';
import { createSearchClient, type SearchClient } from './searchClient.ts';
import { packKey } from '../../knowledge/case/session.ts';
import type { Locale } from '../../knowledge/types.ts';
import { keys } from '../shared/queries.ts';
import { usePackEntries } from '../shared/packs.ts';

export interface Knowledge {
  packs: Pack[];
  articles: Map<string, Article>;
  scripts: Map<string, Script>;
}

/** The packs in force for a language, with their items by id (first pack wins). */
export function useKnowledge(locale: Locale): Knowledge {
  const entries = usePackEntries().data;
  return useMemo(() => {
    const packs = packsFor(locale);
    const articles = new Map<string, Article>();
    const scripts = new Map<string, Script>();
    for (const p of packs) {
      for (const a of p.articles ?? []) if (!articles.has(a.id)) articles.set(a.id, a);
      for (const s of p.scripts ?? []) if (!scripts.has(s.id)) scripts.set(s.id, s);
    }
    return { packs, articles, scripts };
  }, [locale, entries]);
}

export interface SearchEngine {
  client: SearchClient;
  ready: boolean;
  source?: IndexSource;
}

/**
 * Search over the packs, answered by a worker; `ready` once its index is restored or built
 * (`source` says which).
 */
export function useSearch(locale: Locale, packs: Pack[]): SearchEngine {
  const client = useMemo(() => createSearchClient(), []);
  const key = `${locale}|${packKey(packs)}`;
  const ready = useQuery({
    queryKey: [...keys.searchIndex(locale), key],
    queryFn: () => client.load(key, packs, locale),
    staleTime: Infinity,
  });
  return { client, ready: ready.data !== undefined, source: ready.data };
}
