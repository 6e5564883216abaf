import { useState } from 'preact/hooks';
import { useT } from '../shared/i18n.ts';

/** Reports a missing or wrong knowledge item to the trainers, from where the agent noticed it. */
export function GapReport({
  itemTitle,
  query,
  onSend,
  onClose,
}: {
  itemTitle?: string;
  query?: string;
  onSend: (note: string) => void;
  onClose: () => void;
}) {
  const { t } = useT();
  const [note, setNote] = useState('');
  return (
    <form
      class="card variables"
      aria-labelledby="gap-title"
      data-panel="gap-report"
      onSubmit={(e) => {
        e.preventDefault();
        if (note.trim()) onSend(note.trim());
      }}
    >
      <h2 id="gap-title">{itemTitle ? t('gapWrongTitle') : t('gapMissingTitle')}</h2>
      {itemTitle && <p class="small">{itemTitle}</p>}
      {query && (
        <p class="small muted">
          {t('gapQuery')} <q>{query}</q>
        </p>
      )}
      <label>
        <span class="small">{t('gapNote')}</span>
        <textarea
          rows={3}
          required
          autoFocus
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      </label>
      <div class="row">
        <button type="submit" class="primary" disabled={!note.trim()}>
          {t('gapSend')}
        </button>
        <button type="button" onClick={onClose}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
