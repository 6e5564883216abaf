/**
 * The team report from the centre store: the same filters, figures and charts as the local
 * report, computed by ClickHouse (the background runs the SQL; this page only asks), a live
 * view of the last hour's alerts and overrides across agents, and the CSV export.
 */
import { useQuery } from '@tanstack/preact-query';
import { send } from '../../extension/messages.ts';
import type { RecordFilter } from '../../knowledge/records/report.ts';
import { translateOr, useT } from '../shared/i18n.ts';
import { keys } from '../shared/queries.ts';
import { CentreProblem, useCentreStatus } from './CentreSettings.tsx';
import { downloadText, today } from './download.ts';

const HOUR = 3_600_000;

/** The centre's report for a filter, fetched while the centre is the chosen source. */
export function useCentreReport(filter: RecordFilter, enabled: boolean) {
  const status = useCentreStatus();
  const configured = status.data?.configured === true;
  const q = useQuery({
    queryKey: keys.centreReport(filter),
    queryFn: () => send('centre/report', { filter }),
    enabled: enabled && configured,
    staleTime: 5_000,
    refetchInterval: 30_000,
  });
  const answer = q.data;
  return {
    configured,
    loading: q.isFetching,
    refetch: () => void q.refetch(),
    report: answer?.ok ? answer.value.report : undefined,
    facets: answer?.ok ? answer.value.facets : undefined,
    error: answer && !answer.ok ? answer.error : undefined,
  };
}

export function CentreSource({ state }: { state: ReturnType<typeof useCentreReport> }) {
  const { t } = useT();
  return (
    <section class="no-print sources" aria-label={t('conSourceCentre')} data-centre-source>
      <h2>{t('conSourceCentre')}</h2>
      {!state.configured && <p data-note="centre-off">{t('conCentreNotSet')}</p>}
      {state.error && <CentreProblem error={state.error} />}
      {state.configured && (
        <p class="small" data-stat="centre-cases">
          {state.report ? t('conCentreCases', state.report.total.cases) : t('loading')}
          <button type="button" class="link" data-action="centre-refresh" onClick={state.refetch}>
            {t('conRefresh')}
          </button>
        </p>
      )}
    </section>
  );
}

/** Alerts and overrides of the last hour across agents, refreshed every few seconds. */
export function LiveAlerts() {
  const { t, locale } = useT();
  const q = useQuery({
    queryKey: keys.centreLive,
    queryFn: () => send('centre/live', { since: Date.now() - HOUR }),
    refetchInterval: 5_000,
  });
  const a = q.data;
  return (
    <section aria-label={t('conLive')} data-section="live">
      <h2>{t('conLive')}</h2>
      {a && !a.ok && <CentreProblem error={a.error} />}
      {a?.ok && a.value.length === 0 && <p class="small">{t('conLiveNone')}</p>}
      {a?.ok && a.value.length > 0 && (
        <table class="tally" data-table="live">
          <thead>
            <tr>
              <th scope="col">{t('conLiveTime')}</th>
              <th scope="col">{t('conAgent')}</th>
              <th scope="col">{t('conTeam')}</th>
              <th scope="col">{t('conLiveCase')}</th>
              <th scope="col">{t('conLiveKind')}</th>
              <th scope="col">{t('conLiveOverride')}</th>
            </tr>
          </thead>
          <tbody>
            {a.value.map((x) => (
              <tr
                key={`${x.agent_id}-${x.case_id}-${x.rule_id}-${x.at_ms}`}
                data-agent={x.agent_id}
                data-kind={x.kind}
                data-overridden={x.overridden ? 'yes' : 'no'}
              >
                <td>{new Date(x.at_ms).toLocaleTimeString()}</td>
                <td>{x.agent_id}</td>
                <td>{x.team}</td>
                <td>{x.case_id}</td>
                <td>{translateOr(locale, `alertKind_${x.kind}`, x.kind)}</td>
                <td>{x.overridden ? x.override_reason || t('conLiveYes') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** CSV of the filtered cases, written by ClickHouse. */
export function CentreActions({ filter }: { filter: RecordFilter }) {
  const { t } = useT();
  const exportCsv = async () => {
    const a = await send('centre/export', { filter });
    if (a.ok) downloadText(`sop-centre-${today()}.csv`, a.value, 'text/csv;charset=utf-8');
  };
  return (
    <div class="row no-print actions">
      <button type="button" data-action="centre-export-csv" onClick={() => void exportCsv()}>
        {t('conExportCsv')}
      </button>
      <button type="button" data-action="print" onClick={() => window.print()}>
        {t('conPrint')}
      </button>
    </div>
  );
}
