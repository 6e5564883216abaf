/**
 * The team lead's report: this browser's case records and any agents' exports merged without
 * duplicates, filtered by date, agent, channel, case type and step; compliance per step, agent
 * and team, alerts and overrides, SLA breaches; export, print.
 */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import { useMemo, useState } from 'preact/hooks';
import type { ImportedFile } from '../../extension/db.ts';
import { send } from '../../extension/messages.ts';
import { mergeRecords } from '../../knowledge/records/records.ts';
import { readRecordsFile, recordsToCsv, recordsToJson } from '../../knowledge/records/io.ts';
import {
  complianceReport,
  filterRecords,
  recordFacets,
  type RecordFilter,
  type Tally,
} from '../../knowledge/records/report.ts';
import { Bars, rateTone } from './Bars.tsx';
import { StorageFull } from './SettingsPanel.tsx';
import { downloadText, fileBytes, today } from './download.ts';
import { translateOr, useT } from '../shared/i18n.ts';
import { keys } from '../shared/queries.ts';

/** An imported file: kept in the database (`id`), or only on this page when there was no room. */
type Loaded = Omit<ImportedFile, 'at'> & { at?: number };

const pct = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;
const DAY = 86_400_000;

/** A date input's value as epoch ms at local midnight. */
const dayStart = (v: string): number | undefined =>
  v ? new Date(`${v}T00:00:00`).getTime() : undefined;

export function RecordsPanel({ stepTitles }: { stepTitles: Map<string, string> }) {
  const { t, locale } = useT();
  const own = useQuery({
    queryKey: keys.records,
    queryFn: () => send('records/list', {}),
    staleTime: 0,
  });
  const client = useQueryClient();
  const stored = useQuery({
    queryKey: keys.imports,
    queryFn: () => send('records/imports', {}),
    staleTime: 0,
  });
  // Files the database refused (no room): kept for this page only, and the lead is told.
  const [unsaved, setUnsaved] = useState<Loaded[]>([]);
  const files: Loaded[] = useMemo(
    () => [...(stored.data ?? []), ...unsaved],
    [stored.data, unsaved],
  );
  const [useOwn, setUseOwn] = useState(true);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [agent, setAgent] = useState('');
  const [channel, setChannel] = useState('');
  const [caseType, setCaseType] = useState('');
  const [step, setStep] = useState('');

  const merged = useMemo(
    () => mergeRecords(useOwn ? (own.data ?? []) : [], ...files.map((f) => f.records)),
    [own.data, files, useOwn],
  );
  const facets = useMemo(() => recordFacets(merged), [merged]);
  const filter: RecordFilter = useMemo(() => {
    const f: RecordFilter = {};
    const a = dayStart(from);
    const b = dayStart(to);
    if (a !== undefined) f.from = a;
    if (b !== undefined) f.to = b + DAY;
    if (agent) f.agents = [agent];
    if (channel) f.channels = [channel];
    if (caseType) f.caseTypes = [caseType];
    if (step) f.steps = [step];
    return f;
  }, [from, to, agent, channel, caseType, step]);
  const report = useMemo(() => complianceReport(merged, filter), [merged, filter]);

  const stepName = (id: string) => stepTitles.get(id) ?? id;
  const channelName = (c: string) => translateOr(locale, `channel_${c}`, c);
  const typeName = (c: string) => translateOr(locale, `caseType_${c}`, c);

  const load = async (list: FileList | null) => {
    if (!list) return;
    const notKept: Loaded[] = [];
    for (const file of Array.from(list)) {
      const r = readRecordsFile(await fileBytes(file), file.name);
      const read = { name: file.name, at: Date.now(), records: r.records, refused: r.refused };
      const kept = await send('records/import-save', read).catch(() => ({ saved: false }));
      if (!kept.saved) notKept.push(read);
    }
    if (notKept.length) setUnsaved((prev) => [...prev, ...notKept]);
    await client.invalidateQueries({ queryKey: keys.imports });
  };
  const remove = async (f: Loaded) => {
    if (f.id !== undefined) {
      await send('records/import-remove', { id: f.id });
      await client.invalidateQueries({ queryKey: keys.imports });
    } else setUnsaved((prev) => prev.filter((x) => x !== f));
  };

  const exported = () => filterRecords(merged, filter);

  const tallyRow = (key: string, label: string, x: Tally, attr: Record<string, string>) => (
    <tr key={key} {...attr}>
      <th scope="row">{label}</th>
      <td data-col="cases">{x.cases}</td>
      <td data-col="rate">{pct(x.rate)}</td>
      <td data-col="complete">{x.complete}</td>
      <td data-col="alerts">{x.alerts}</td>
      <td data-col="overrides">{x.overrides}</td>
      <td data-col="breaches">{x.breaches}</td>
    </tr>
  );
  const tallyHead = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t('conCases')}</th>
        <th scope="col">{t('conRate')}</th>
        <th scope="col">{t('conComplete')}</th>
        <th scope="col">{t('conAlerts')}</th>
        <th scope="col">{t('conOverrides')}</th>
        <th scope="col">{t('conBreaches')}</th>
      </tr>
    </thead>
  );

  const select = (
    label: string,
    name: string,
    value: string,
    set: (v: string) => void,
    options: string[],
    show: (v: string) => string,
  ) => (
    <label>
      <span class="small">{label}</span>
      <select name={name} value={value} onChange={(e) => set(e.currentTarget.value)}>
        <option value="">{t('conAll')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {show(o)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div class="records" data-panel="records">
      <StorageFull />
      <section class="no-print sources" aria-label={t('conSources')}>
        <h2>{t('conSources')}</h2>
        <label class="row">
          <input
            type="checkbox"
            checked={useOwn}
            onChange={(e) => setUseOwn(e.currentTarget.checked)}
          />
          {t('conOwnRecords', own.data?.length ?? 0)}
        </label>
        <label class="file">
          <span>{t('conImportRecords')}</span>
          <input
            type="file"
            name="records-files"
            multiple
            accept=".csv,.json,text/csv,application/json"
            onChange={(e) => {
              void load(e.currentTarget.files);
              e.currentTarget.value = '';
            }}
          />
        </label>
        {files.length > 0 && (
          <ul data-list="imported-files">
            {files.map((f, i) => (
              <li key={`${f.id ?? 'unsaved'}-${f.name}-${i}`} data-file={f.name}>
                {t('conFileRead', f.name, f.records.length, f.refused.length)}
                {f.id === undefined && (
                  <div class="small error" data-note="not-kept">
                    {t('conImportNotKept')}
                  </div>
                )}
                {f.refused.slice(0, 5).map((r) => (
                  <div key={r.at} class="small error">
                    {t('conRefusedAt', r.at, r.reason)}
                  </div>
                ))}
                <button type="button" class="link" onClick={() => void remove(f)}>
                  {t('conRemove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <p class="small" data-stat="merged">
          {t('conMerged', merged.length)}
        </p>
      </section>

      <section class="no-print filters" aria-label={t('conFilters')}>
        <h2>{t('conFilters')}</h2>
        <label>
          <span class="small">{t('conFrom')}</span>
          <input
            type="date"
            name="from"
            value={from}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        </label>
        <label>
          <span class="small">{t('conTo')}</span>
          <input type="date" name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        {select(t('conAgent'), 'agent', agent, setAgent, facets.agents, (x) => x)}
        {select(t('field_channel'), 'channel', channel, setChannel, facets.channels, channelName)}
        {select(t('field_caseType'), 'caseType', caseType, setCaseType, facets.caseTypes, typeName)}
        {select(t('conStep'), 'step', step, setStep, facets.steps, stepName)}
      </section>

      <section class="summary" aria-label={t('conSummary')}>
        <h2 class="print-only">{t('conReportTitle', today())}</h2>
        <dl class="tiles">
          {(
            [
              ['cases', report.total.cases],
              ['rate', pct(report.total.rate)],
              ['complete', report.total.complete],
              ['alerts', report.total.alerts],
              ['overrides', report.total.overrides],
              ['breaches', `${report.total.breaches}/${report.total.timed}`],
            ] as const
          ).map(([k, v]) => (
            <div key={k} class="tile" data-stat={k}>
              <dt>{t(`conTile_${k}`)}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-label={t('conByStep')}>
        <h2>{t('conByStep')}</h2>
        <Bars
          name="steps"
          label={t('conByStep')}
          bars={report.byStep.map((s) => ({
            key: s.step,
            label: stepName(s.step),
            share: s.rate,
            value: `${pct(s.rate)} (${s.done}/${s.applicable})`,
            tone: rateTone(s.rate),
          }))}
        />
      </section>

      <section aria-label={t('conByAgent')}>
        <h2>{t('conByAgent')}</h2>
        <Bars
          name="agents"
          label={t('conByAgent')}
          bars={report.byAgent.map((a) => ({
            key: a.agent,
            label: a.agent,
            share: a.rate,
            value: pct(a.rate),
            tone: rateTone(a.rate),
          }))}
        />
        <table class="tally" data-table="agents">
          {tallyHead(t('conAgent'))}
          <tbody>
            {report.byAgent.map((a) => tallyRow(a.agent, a.agent, a, { 'data-agent': a.agent }))}
          </tbody>
        </table>
      </section>

      <section aria-label={t('conByTeam')}>
        <h2>{t('conByTeam')}</h2>
        <table class="tally" data-table="teams">
          {tallyHead(t('conTeam'))}
          <tbody>
            {tallyRow('*', t('conWholeTeam'), report.total, { 'data-team': '*' })}
            {report.byTeam
              .filter((x) => x.team !== '')
              .map((x) => tallyRow(x.team, x.team, x, { 'data-team': x.team }))}
          </tbody>
        </table>
      </section>

      <section aria-label={t('conByChannel')}>
        <h2>{t('conByChannel')}</h2>
        <table class="tally" data-table="channels">
          {tallyHead(t('field_channel'))}
          <tbody>
            {report.byChannel.map((x) =>
              tallyRow(x.channel, channelName(x.channel), x, { 'data-channel': x.channel }),
            )}
          </tbody>
        </table>
      </section>

      <section aria-label={t('conByKind')}>
        <h2>{t('conByKind')}</h2>
        <Bars
          name="kinds"
          label={t('conByKind')}
          bars={report.byKind.map((k) => ({
            key: k.kind,
            label: translateOr(locale, `alertKind_${k.kind}`, k.kind),
            share: report.total.alerts === 0 ? 0 : k.alerts / report.total.alerts,
            value: t('conKindValue', k.alerts, k.overrides),
            tone: 'warn',
          }))}
        />
      </section>

      <section aria-label={t('conByDay')}>
        <h2>{t('conByDay')}</h2>
        <Bars
          name="days"
          label={t('conByDay')}
          bars={report.byDay.slice(-31).map((d) => ({
            key: d.day,
            label: d.day,
            share: d.rate,
            value: `${pct(d.rate)} · ${t('conCasesN', d.cases)}`,
            tone: rateTone(d.rate),
          }))}
        />
      </section>

      <div class="row no-print actions">
        <button
          type="button"
          data-action="export-csv"
          onClick={() =>
            downloadText(
              `sop-records-${today()}.csv`,
              recordsToCsv(exported()),
              'text/csv;charset=utf-8',
            )
          }
        >
          {t('conExportCsv')}
        </button>
        <button
          type="button"
          data-action="export-json"
          onClick={() =>
            downloadText(
              `sop-records-${today()}.json`,
              recordsToJson(exported()),
              'application/json',
            )
          }
        >
          {t('conExportJson')}
        </button>
        <button type="button" data-action="print" onClick={() => window.print()}>
          {t('conPrint')}
        </button>
      </div>
    </div>
  );
}
