import { translateOr, useT } from '../shared/i18n.ts';
import type { Summary } from './useSummary.ts';

/**
 * The case summary for the ticket: a button to draft it (Alt+S), then the draft to edit and
 * write into the CRM's notes field (Ctrl+Enter). Opened by ending the case, it ends it too.
 */
export function SummaryPanel({ summary, onEnd }: { summary: Summary; onEnd: () => void }) {
  const { t, locale } = useT();
  const insert = async () => {
    const ok = await summary.insert();
    if (ok && summary.ending) onEnd();
    if (ok) summary.close();
  };
  return (
    <section class="card summary" aria-labelledby="summary-title" data-panel="summary">
      <h2 id="summary-title">{t('sectionSummary')}</h2>
      {summary.text === null ? (
        <p>
          <button type="button" onClick={() => summary.draft()}>
            {t('summaryDraft')}
          </button>{' '}
          <span class="muted small">Alt+S</span>
        </p>
      ) : (
        <>
          {summary.ending && <p class="small">{t('summaryBeforeEnd')}</p>}
          <textarea
            data-summary
            aria-label={t('sectionSummary')}
            rows={9}
            value={summary.text}
            onInput={(e) => summary.edit((e.currentTarget as HTMLTextAreaElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void insert();
              }
            }}
          />
          {Object.keys(summary.fields).length > 0 && (
            <dl class="fields small">
              {Object.entries(summary.fields).map(([name, value]) => (
                <div key={name} class="field" data-ticket-field={name} data-value={value}>
                  <dt>{translateOr(locale, `field_${name}`, name)}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          )}
          <p class="summary-actions">
            <button type="button" class="primary" onClick={() => void insert()}>
              {t(summary.ending ? 'summaryInsertAndEnd' : 'summaryInsert')}
            </button>{' '}
            <span class="muted small">Ctrl+Enter</span>{' '}
            <button type="button" onClick={() => summary.draft(summary.ending)}>
              {t('summaryRedraft')}
            </button>{' '}
            {summary.ending ? (
              <button
                type="button"
                onClick={() => {
                  summary.close();
                  onEnd();
                }}
              >
                {t('summaryEndWithout')}
              </button>
            ) : (
              <button type="button" onClick={summary.close}>
                {t('summaryClose')}
              </button>
            )}
          </p>
        </>
      )}
    </section>
  );
}
