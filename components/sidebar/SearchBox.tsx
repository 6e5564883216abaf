import type { Ref } from 'preact';
import { useT } from '../shared/i18n.ts';

/** The search box (`/` or Ctrl+K focuses it). */
export function SearchBox({
  inputRef,
  query,
  onQuery,
  onKeyDown,
}: {
  inputRef: Ref<HTMLInputElement>;
  query: string;
  onQuery: (query: string) => void;
  onKeyDown: (e: KeyboardEvent) => void;
}) {
  const { t } = useT();
  return (
    <div class="search" role="search">
      <label class="visually-hidden" for="search">
        {t('searchLabel')}
      </label>
      <input
        id="search"
        ref={inputRef}
        type="search"
        autoComplete="off"
        placeholder={t('searchPlaceholder')}
        value={query}
        aria-describedby="search-hint"
        onInput={(e) => onQuery(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <span id="search-hint" class="visually-hidden">
        {t('searchHint')}
      </span>
    </div>
  );
}
