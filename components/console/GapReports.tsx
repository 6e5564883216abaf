/** Agents' knowledge-gap reports: marked handled, exported as CSV. */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import type { GapReport } from '../../extension/db.ts';
import { send } from '../../extension/messages.ts';
import { csvCell } from '../../knowledge/records/io.ts';
import { downloadText, today } from './download.ts';
import { useT } from '../shared/i18n.ts';
import { keys } from '../shared/queries.ts';

function exportCsv(rows: GapReport[]): void {
  const head = ['at', 'agent_id', 'item_id', 'query', 'note', 'case_id', 'status'];
  const lines = rows.map((g) =>
    [new Date(g.at).toISOString(), g.agentId, g.itemId, g.query, g.note, g.caseId, g.status]
      .map((v) => csvCell(v ?? ''))
      .join(','),
  );
  downloadText(
    `knowledge-gaps-${today()}.csv`,
    '\uFEFF' + [head.join(','), ...lines].join('\r\n') + '\r\n',
    'text/csv;charset=utf-8',
  );
}

export function GapReports() {
  const { t } = useT();
  const client = useQueryClient();
  const gaps = useQuery({
    queryKey: keys.gaps,
    queryFn: () => send('gaps/list', {}),
    staleTime: 0,
  });
  const list = gaps.data ?? [];
  return (
    <section class="card" aria-label={t('conGaps')} data-panel="gaps">
      <h2>{t('conGaps')}</h2>
      {list.length === 0 ? (
        <p class="muted">{t('conNoGaps')}</p>
      ) : (
        <table data-table="gaps">
          <thead>
            <tr>
              <th scope="col">{t('conWhen')}</th>
              <th scope="col">{t('conAgent')}</th>
              <th scope="col">{t('conItemOrQuery')}</th>
              <th scope="col">{t('gapNote')}</th>
              <th scope="col">{t('conStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((g) => (
              <tr key={g.id} data-gap={g.id} data-status={g.status}>
                <td>{new Date(g.at).toLocaleString()}</td>
                <td>{g.agentId}</td>
                <td>{g.itemId ?? (g.query ? `“${g.query}”` : '')}</td>
                <td>{g.note}</td>
                <td>
                  <label>
                    <input
                      type="checkbox"
                      checked={g.status === 'done'}
                      onChange={async (e) => {
                        // Sent directly (no pending re-render): the checkbox stays as clicked
                        // until the list is read again.
                        await send('gap/settle', {
                          id: g.id!,
                          status: e.currentTarget.checked ? 'done' : 'open',
                        });
                        await client.invalidateQueries({ queryKey: keys.gaps });
                      }}
                    />
                    {t('conHandled')}
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" disabled={list.length === 0} onClick={() => exportCsv(list)}>
        {t('conExportCsv')}
      </button>
    </section>
  );
}
