/** Search hits as the suggestions the sidebar lists. */
import type { Hit } from '../../knowledge/search/model.ts';
import type { Suggestion } from './SuggestionItem.tsx';
import type { Knowledge } from './useKnowledge.ts';

/** The text a suggestion inserts: a script's text or an article's answer. */
export const bodyOf = (s: Suggestion) => (s.kind === 'script' ? s.item.text : s.item.answer);

/** The hits whose item is in the packs, as suggestions (a hit on an unknown id is dropped). */
export function toSuggestions(knowledge: Knowledge, hits: Hit[]): Suggestion[] {
  const one = (hit: Hit): Suggestion | null => {
    if (hit.kind === 'article') {
      const item = knowledge.articles.get(hit.id);
      return item ? { kind: 'article', item, text: hit.text, spans: hit.spans } : null;
    }
    const item = knowledge.scripts.get(hit.id);
    return item ? { kind: 'script', item, text: hit.text, spans: hit.spans } : null;
  };
  return hits.map(one).filter((x): x is Suggestion => x !== null);
}
