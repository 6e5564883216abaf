import { useState } from 'preact/hooks';
import { sortAlerts, type AlertView } from './views.ts';
import { useT } from '../shared/i18n.ts';

/** Live compliance alerts, most severe first, each with why and what to say instead. */
export function AlertList({
  alerts,
  onOverride,
  onUseAlternative,
}: {
  alerts: AlertView[];
  onOverride: (id: string, reason: string) => void;
  onUseAlternative: (text: string) => void;
}) {
  const { t } = useT();
  const live = sortAlerts(alerts.filter((a) => !a.overridden));
  return (
    <section class="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('sectionAlerts')}</h2>
      {live.length === 0 ? (
        <p class="muted">{t('noAlerts')}</p>
      ) : (
        <div class="alerts">
          {live.map((a) => (
            <AlertItem
              key={a.id}
              alert={a}
              onOverride={onOverride}
              onUseAlternative={onUseAlternative}
            />
          ))}
        </div>
      )}
    </section>
  );
}

function AlertItem({
  alert,
  onOverride,
  onUseAlternative,
}: {
  alert: AlertView;
  onOverride: (id: string, reason: string) => void;
  onUseAlternative: (text: string) => void;
}) {
  const { t } = useT();
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  return (
    <div
      role="alert"
      data-alert={alert.kind}
      data-severity={alert.severity}
      data-source={alert.source}
      class={`alert ${alert.severity}`}
    >
      <div class="alert-head">
        <strong>{alert.title}</strong>
        <span class="badge">{t(`severity_${alert.severity}` as 'severity_high')}</span>
        {alert.source === 'draft' && <span class="badge draft">{t('alertInDraft')}</span>}
      </div>
      {alert.matched && (
        <p class="small">
          {t('alertMatched')} <mark>{alert.matched}</mark>
        </p>
      )}
      {alert.example && (
        <p class="small muted" data-example>
          {t('alertResembles')} <q>{alert.example.text}</q>{' '}
          {t('alertSimilarity', String(Math.round(alert.example.similarity * 100)))}
        </p>
      )}
      {alert.explanation && <p class="small">{alert.explanation}</p>}
      {alert.basis && (
        <p class="small muted">
          {t('alertBasis')} {alert.basis.law} {alert.basis.article}
        </p>
      )}
      {alert.alternative && (
        <div class="alternative small">
          <span>{t('alertInstead')}</span> <q>{alert.alternative}</q>{' '}
          <button type="button" onClick={() => onUseAlternative(alert.alternative!)}>
            {t('insert')}
          </button>
        </div>
      )}
      {asking ? (
        <form
          class="override"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) onOverride(alert.id, reason.trim());
          }}
        >
          <label>
            <span class="small">{t('overrideReason')}</span>
            <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} required />
          </label>
          <button type="submit">{t('overrideConfirm')}</button>
        </form>
      ) : (
        <button type="button" class="link" onClick={() => setAsking(true)}>
          {t('override')}
        </button>
      )}
    </div>
  );
}
