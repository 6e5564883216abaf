import { useT } from '../shared/i18n.ts';
import { SuggestionItem } from './SuggestionItem.tsx';
import type { Typeahead } from './useTypeahead.ts';
import type { UsedItem } from '../../knowledge/case/session.ts';

/** The results for the search box's query, the highlighted one marked. */
export function SearchResults({
  typeahead,
  ready,
  onInsert,
  onReport,
  onReportMissing,
}: {
  typeahead: Typeahead;
  /** Whether the index is ready: before that, no result is not "nothing found". */
  ready: boolean;
  onInsert: (text: string, id: string, used?: UsedItem) => void;
  onReport: (id: string) => void;
  onReportMissing: () => void;
}) {
  const { t } = useT();
  const { query, answered, results, selected } = typeahead;
  return (
    <section class="card" aria-labelledby="results-title" data-query={answered}>
      <h2 id="results-title">{t('searchResults')}</h2>
      {results.length === 0 && answered === query && ready ? (
        <p class="muted">{t('searchNoResults')}</p>
      ) : null}
      {results.length > 0 && (
        <ul id="search-results" class="suggestions">
          {results.map((s, i) => (
            <SuggestionItem
              key={s.item.id}
              suggestion={s}
              selected={i === selected}
              onInsert={(text, id, used) => {
                // The search learns the words that led to the pick.
                typeahead.picked(id);
                onInsert(text, id, used);
              }}
              onReport={onReport}
            />
          ))}
        </ul>
      )}
      <button type="button" class="link small" onClick={onReportMissing}>
        {t('gapReportMissing')}
      </button>
    </section>
  );
}
