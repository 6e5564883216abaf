import type { UncheckedRule } from '../../knowledge/case/session.ts';
import { translateOr, useT } from '../shared/i18n.ts';

/**
 * Rules that depend on the customer (suitability, marketing refusal, collections) and could not
 * be checked on this case because the CRM page does not give a field they need: said, never
 * silently skipped. Folded by default, so it does not crowd the alerts.
 */
export function ContextChecks({ unchecked }: { unchecked: UncheckedRule[] }) {
  const { t, locale } = useT();
  if (unchecked.length === 0) return null;
  const label = (field: string) => translateOr(locale, `field_${field}`, field);
  return (
    <details class="card not-checked" data-unchecked-count={unchecked.length}>
      <summary>{t('notCheckedSummary', String(unchecked.length))}</summary>
      <p class="muted small">{t('notCheckedHint')}</p>
      <ul>
        {unchecked.map((u) => (
          <li key={u.ruleId} data-unchecked={u.ruleId} data-missing={u.missing.join(',')}>
            <strong>{u.title}</strong>{' '}
            <span class="muted">
              {t('notCheckedMissing', u.missing.map(label).join(t('listSeparator')))}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
