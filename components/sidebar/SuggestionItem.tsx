import { useState } from 'preact/hooks';
import type { Article, Script } from '../../knowledge/authoring/pack.ts';
import { isPastReview } from '../../knowledge/authoring/pack.ts';
import { Highlight } from './Highlight.tsx';
import { useT } from '../shared/i18n.ts';
import type { UsedItem } from '../../knowledge/case/session.ts';

export type Suggestion =
  | { kind: 'script'; item: Script; text?: string; spans?: [number, number][] }
  | { kind: 'article'; item: Article; text?: string; spans?: [number, number][] };

/** One suggested script or article: title (with what matched), its text, insert and copy. */
export function SuggestionItem({
  suggestion,
  selected,
  onInsert,
  onReport,
}: {
  suggestion: Suggestion;
  selected?: boolean;
  onInsert: (text: string, id: string, used?: UsedItem) => void;
  onReport?: (id: string) => void;
}) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const { item } = suggestion;
  const body = suggestion.kind === 'script' ? suggestion.item.text : suggestion.item.answer;
  const stale = isPastReview(item.reviewBy);
  const matchedOther = suggestion.text !== undefined && suggestion.text !== item.title;
  return (
    <li
      data-suggestion={item.id}
      data-kind={suggestion.kind}
      class={`suggestion${selected ? ' selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
    >
      <div class="suggestion-head">
        <span class={`kind ${suggestion.kind}`}>
          {t(suggestion.kind === 'script' ? 'kindScript' : 'kindArticle')}
        </span>
        <button
          type="button"
          class="link title"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {suggestion.text !== undefined && !matchedOther ? (
            <Highlight text={item.title} spans={suggestion.spans ?? []} />
          ) : (
            item.title
          )}
        </button>
        {stale && <span class="badge stale">{t('reviewOverdue')}</span>}
      </div>
      {matchedOther && (
        <p class="small muted matched">
          <Highlight text={suggestion.text!} spans={suggestion.spans ?? []} />
        </p>
      )}
      {!open && !matchedOther && <p class="preview">{body}</p>}
      {open && (
        <div class="suggestion-body">
          <p class="body">{body}</p>
          {item.reviewBy && <p class="small muted">{t('reviewBy', item.reviewBy)}</p>}
        </div>
      )}
      <div class="suggestion-actions">
        <button
          type="button"
          class="primary"
          onClick={() =>
            onInsert(body, item.id, { kind: suggestion.kind, id: item.id, title: item.title })
          }
        >
          {t('insert')}
        </button>
        <button type="button" onClick={() => void navigator.clipboard?.writeText(body)}>
          {t('copy')}
        </button>
        {onReport && (
          <button type="button" class="link" onClick={() => onReport(item.id)}>
            {t('reportProblem')}
          </button>
        )}
      </div>
    </li>
  );
}
