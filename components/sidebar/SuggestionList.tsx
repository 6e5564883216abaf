import { useT } from '../shared/i18n.ts';
import { SuggestionItem } from './SuggestionItem.tsx';
import type { Suggestions } from './useSuggestions.ts';
import type { UsedItem } from '../../knowledge/case/session.ts';

/** The scripts for the current step, then the articles for the case. */
export function SuggestionList({
  suggestions: { stepScripts, articles },
  onInsert,
  onReport,
}: {
  suggestions: Suggestions;
  onInsert: (text: string, id: string, used?: UsedItem) => void;
  onReport: (id: string) => void;
}) {
  const { t } = useT();
  return (
    <section class="card" aria-labelledby="suggest-title">
      <h2 id="suggest-title">{t('sectionSuggestions')}</h2>
      {stepScripts.length === 0 && articles.length === 0 && (
        <p class="muted">{t('noSuggestions')}</p>
      )}
      <ul class="suggestions">
        {stepScripts.map((s) => (
          <SuggestionItem key={s.item.id} suggestion={s} onInsert={onInsert} />
        ))}
        {articles.map((s) => (
          <SuggestionItem key={s.item.id} suggestion={s} onInsert={onInsert} onReport={onReport} />
        ))}
      </ul>
    </section>
  );
}
