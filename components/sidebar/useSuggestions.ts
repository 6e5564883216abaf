import { useEffect, useMemo, useState } from 'preact/hooks';
import type { TabState } from '../../knowledge/case/tab.ts';
import type { CaseContext } from '../../knowledge/types.ts';
import { scriptsFor } from './caseView.ts';
import type { Suggestion } from './SuggestionItem.tsx';
import { toSuggestions } from './suggestion.ts';
import type { Knowledge, SearchEngine } from './useKnowledge.ts';

export interface Suggestions {
  /** The best fitting scripts for the current step (the first is what Alt+Enter inserts). */
  stepScripts: Suggestion[];
  /** Articles for the case and what the customer said last. */
  articles: Suggestion[];
}

/** What the sidebar suggests for the current step and the case, without a search. */
export function useSuggestions(
  engine: SearchEngine,
  knowledge: Knowledge,
  state: TabState | null,
  current: string | undefined,
  context: CaseContext,
  accepted: Record<string, number> | undefined,
): Suggestions {
  const { packs } = knowledge;
  const stepScripts: Suggestion[] = useMemo(
    () =>
      scriptsFor(current, context, packs)
        .slice(0, 3)
        .map((item) => ({ kind: 'script' as const, item })),
    [current, context, packs],
  );
  const lastCustomer = state?.turns
    .filter((x) => x.speaker === 'customer')
    .slice(-2)
    .map((x) => x.text)
    .join(' ');
  const [articles, setArticles] = useState<Suggestion[]>([]);
  useEffect(() => {
    if (!engine.ready || !state) return;
    const options = {
      limit: 3,
      kind: 'article' as const,
      accepted: accepted ?? {},
      ...(lastCustomer ? { text: lastCustomer } : {}),
    };
    let alive = true;
    void engine.client.suggest(context, options).then((hits) => {
      if (alive) setArticles(toSuggestions(knowledge, hits));
    });
    return () => {
      alive = false;
    };
  }, [engine.ready, context, lastCustomer, accepted]);
  return { stepScripts, articles };
}
