import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CaseContext } from '../../knowledge/types.ts';
import type { Suggestion } from './SuggestionItem.tsx';
import { toSuggestions } from './suggestion.ts';
import type { Knowledge, SearchEngine } from './useKnowledge.ts';
import { recordLearned } from '../../extension/storage.ts';
import { useLearned } from '../shared/queries.ts';

export interface Typeahead {
  query: string;
  /** The query the shown results answer (they may lag the box by a keystroke). */
  answered: string;
  results: Suggestion[];
  /** Index of the highlighted result. */
  selected: number;
  /** The agent typed: a new query, the first result highlighted. */
  type: (query: string) => void;
  /** The agent picked a result: the search learns the words that led to it. */
  picked: (id: string) => void;
  clear: () => void;
  /** Moves the highlight down (1) or up (-1) within the results. */
  move: (by: 1 | -1) => void;
}

/** The search box: its query, the results for it and which one is highlighted. */
export function useTypeahead(
  engine: SearchEngine,
  knowledge: Knowledge,
  context: CaseContext,
  accepted: Record<string, number> | undefined,
): Typeahead {
  const learned = useLearned().data;
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  // Every keystroke asks the worker; only the answer to the latest query is shown.
  const [answer, setAnswer] = useState<{ query: string; items: Suggestion[] }>({
    query: '',
    items: [],
  });
  const results = answer.items;
  const latest = useRef('');
  // A layout effect: it runs as soon as the keystroke is rendered, not a frame later.
  useLayoutEffect(() => {
    latest.current = query;
    if (!engine.ready || !query.trim()) {
      setAnswer((a) => (a.query === query && a.items.length === 0 ? a : { query, items: [] }));
      return;
    }
    void engine.client
      .search(query, { limit: 8, context, accepted: accepted ?? {}, learned: learned ?? [] })
      .then((hits) => {
        if (latest.current !== query) return;
        setAnswer({ query, items: toSuggestions(knowledge, hits) });
      });
  }, [engine.ready, query, context, accepted, learned]);

  return {
    query,
    answered: answer.query,
    results,
    selected,
    picked: (id) => void recordLearned(query, id),
    type: (next) => {
      setQuery(next);
      setSelected(0);
    },
    clear: () => setQuery(''),
    move: (by) =>
      setSelected((i) => (by > 0 ? Math.min(i + 1, results.length - 1) : Math.max(i - 1, 0))),
  };
}
