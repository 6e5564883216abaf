/**
 * The team lead's report: this browser's case records and any agents' exports merged without
 * duplicates, filtered by date, agent, channel, case type and step; compliance per step, agent
 * and team, alerts and overrides, SLA breaches; QA scores and their review; export, print.
 */
import { useMemo, useState } from 'preact/hooks';
import { mergeRecords, type CaseRecord } from '../../knowledge/records/records.ts';
import { recordsToCsv, recordsToJson } from '../../knowledge/records/io.ts';
import {
  complianceReport,
  filterRecords,
  recordFacets,
  type ComplianceReport,
  type RecordFilter,
  type Tally,
} from '../../knowledge/records/report.ts';
import { Bars, rateTone } from './Bars.tsx';
import { Sources, useRecordSources } from './RecordSources.tsx';
import { ScoresPanel } from './ScoresPanel.tsx';
import { StorageFull } from '../shared/StorageFull.tsx';
import { downloadText, today } from './download.ts';
import { translateOr, useT } from '../shared/i18n.ts';
import { CentreActions, CentreSource, LiveAlerts, useCentreReport } from './CentreReport.tsx';

const pct = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;
const DAY = 86_400_000;

/** A date input's value as epoch ms at local midnight. */
const dayStart = (v: string): number | undefined =>
  v ? new Date(`${v}T00:00:00`).getTime() : undefined;

/** The filters as chosen: dates as typed (YYYY-MM-DD), '' for any. */
interface Chosen {
  from: string;
  to: string;
  agent: string;
  channel: string;
  caseType: string;
  step: string;
}

const NONE: Chosen = { from: '', to: '', agent: '', channel: '', caseType: '', step: '' };

function toFilter(c: Chosen): RecordFilter {
  const f: RecordFilter = {};
  const a = dayStart(c.from);
  const b = dayStart(c.to);
  if (a !== undefined) f.from = a;
  if (b !== undefined) f.to = b + DAY;
  if (c.agent) f.agents = [c.agent];
  if (c.channel) f.channels = [c.channel];
  if (c.caseType) f.caseTypes = [c.caseType];
  if (c.step) f.steps = [c.step];
  return f;
}

/** How the report names steps, channels and case types. */
interface Names {
  step: (id: string) => string;
  channel: (c: string) => string;
  type: (c: string) => string;
}

export function RecordsPanel({ stepTitles }: { stepTitles: Map<string, string> }) {
  const { locale } = useT();
  const sources = useRecordSources();
  const [useOwn, setUseOwn] = useState(true);
  const [source, setSource] = useState<'local' | 'centre'>('local');
  const [chosen, setChosen] = useState<Chosen>(NONE);
  const { own, files } = sources;
  const merged = useMemo(
    () => mergeRecords(useOwn ? (own ?? []) : [], ...files.map((f) => f.records)),
    [own, files, useOwn],
  );
  const localFacets = useMemo(() => recordFacets(merged), [merged]);
  const filter = useMemo(() => toFilter(chosen), [chosen]);
  const localReport = useMemo(() => complianceReport(merged, filter), [merged, filter]);
  const centre = useCentreReport(filter, source === 'centre');
  const names: Names = {
    step: (id) => stepTitles.get(id) ?? id,
    channel: (c) => translateOr(locale, `channel_${c}`, c),
    type: (c) => translateOr(locale, `caseType_${c}`, c),
  };
  const fromCentre = source === 'centre';
  const report = fromCentre ? centre.report : localReport;
  const facets = fromCentre ? (centre.facets ?? NO_FACETS) : localFacets;

  return (
    <div class="records" data-panel="records" data-source={source}>
      <StorageFull />
      <SourceChoice centre={fromCentre} onChange={setSource} />
      {!fromCentre && (
        <Sources
          ownCount={own?.length ?? 0}
          useOwn={useOwn}
          onUseOwn={setUseOwn}
          files={files}
          merged={merged.length}
          onLoad={(list) => void sources.load(list)}
          onRemove={(f) => void sources.remove(f)}
        />
      )}
      {fromCentre && <CentreSource state={centre} />}
      <Filters chosen={chosen} onChange={setChosen} facets={facets} names={names} />
      {report && (
        <>
          <Summary report={report} />
          <ByStepAndAgent report={report} names={names} />
          <ByTeamAndChannel report={report} names={names} />
          <ByKindAndDay report={report} />
        </>
      )}
      {fromCentre ? (
        <>
          <LiveAlerts />
          <CentreActions filter={filter} />
        </>
      ) : (
        <>
          <ScoresPanel records={merged} filter={filter} />
          <Actions exported={() => filterRecords(merged, filter)} />
        </>
      )}
    </div>
  );
}

/** Local records (this browser's and imported files) or the centre store. */
function SourceChoice({
  centre,
  onChange,
}: {
  centre: boolean;
  onChange: (source: 'local' | 'centre') => void;
}) {
  const { t } = useT();
  return (
    <fieldset class="no-print source-choice" data-choice="source">
      <legend>{t('conReportFrom')}</legend>
      <label class="row">
        <input
          type="radio"
          name="report-source"
          value="local"
          checked={!centre}
          onChange={() => onChange('local')}
        />
        {t('conSourceLocal')}
      </label>
      <label class="row">
        <input
          type="radio"
          name="report-source"
          value="centre"
          checked={centre}
          onChange={() => onChange('centre')}
        />
        {t('conSourceCentre')}
      </label>
    </fieldset>
  );
}

const NO_FACETS = { agents: [], teams: [], channels: [], caseTypes: [], steps: [] };

function Filters({
  chosen,
  onChange,
  facets,
  names,
}: {
  chosen: Chosen;
  onChange: (change: (c: Chosen) => Chosen) => void;
  facets: ReturnType<typeof recordFacets>;
  names: Names;
}) {
  const { t } = useT();
  const set = (key: keyof Chosen) => (v: string) => onChange((c) => ({ ...c, [key]: v }));
  const select = (
    label: string,
    name: keyof Chosen,
    options: string[],
    show: (v: string) => string,
  ) => (
    <label>
      <span class="small">{label}</span>
      <select name={name} value={chosen[name]} onChange={(e) => set(name)(e.currentTarget.value)}>
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
    <section class="no-print filters" aria-label={t('conFilters')}>
      <h2>{t('conFilters')}</h2>
      <label>
        <span class="small">{t('conFrom')}</span>
        <input
          type="date"
          name="from"
          value={chosen.from}
          onInput={(e) => set('from')(e.currentTarget.value)}
        />
      </label>
      <label>
        <span class="small">{t('conTo')}</span>
        <input
          type="date"
          name="to"
          value={chosen.to}
          onInput={(e) => set('to')(e.currentTarget.value)}
        />
      </label>
      {select(t('conAgent'), 'agent', facets.agents, (x) => x)}
      {select(t('field_channel'), 'channel', facets.channels, names.channel)}
      {select(t('field_caseType'), 'caseType', facets.caseTypes, names.type)}
      {select(t('conStep'), 'step', facets.steps, names.step)}
    </section>
  );
}

function Summary({ report }: { report: ComplianceReport }) {
  const { t } = useT();
  return (
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
  );
}

function TallyHead({ first }: { first: string }) {
  const { t } = useT();
  return (
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
}

function TallyRow({ label, x, attr }: { label: string; x: Tally; attr: Record<string, string> }) {
  return (
    <tr {...attr}>
      <th scope="row">{label}</th>
      <td data-col="cases">{x.cases}</td>
      <td data-col="rate">{pct(x.rate)}</td>
      <td data-col="complete">{x.complete}</td>
      <td data-col="alerts">{x.alerts}</td>
      <td data-col="overrides">{x.overrides}</td>
      <td data-col="breaches">{x.breaches}</td>
    </tr>
  );
}

function ByStepAndAgent({ report, names }: { report: ComplianceReport; names: Names }) {
  const { t } = useT();
  return (
    <>
      <section aria-label={t('conByStep')}>
        <h2>{t('conByStep')}</h2>
        <Bars
          name="steps"
          label={t('conByStep')}
          bars={report.byStep.map((s) => ({
            key: s.step,
            label: names.step(s.step),
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
          <TallyHead first={t('conAgent')} />
          <tbody>
            {report.byAgent.map((a) => (
              <TallyRow key={a.agent} label={a.agent} x={a} attr={{ 'data-agent': a.agent }} />
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function ByTeamAndChannel({ report, names }: { report: ComplianceReport; names: Names }) {
  const { t } = useT();
  return (
    <>
      <section aria-label={t('conByTeam')}>
        <h2>{t('conByTeam')}</h2>
        <table class="tally" data-table="teams">
          <TallyHead first={t('conTeam')} />
          <tbody>
            <TallyRow
              key="*"
              label={t('conWholeTeam')}
              x={report.total}
              attr={{ 'data-team': '*' }}
            />
            {report.byTeam
              .filter((x) => x.team !== '')
              .map((x) => (
                <TallyRow key={x.team} label={x.team} x={x} attr={{ 'data-team': x.team }} />
              ))}
          </tbody>
        </table>
      </section>

      <section aria-label={t('conByChannel')}>
        <h2>{t('conByChannel')}</h2>
        <table class="tally" data-table="channels">
          <TallyHead first={t('field_channel')} />
          <tbody>
            {report.byChannel.map((x) => (
              <TallyRow
                key={x.channel}
                label={names.channel(x.channel)}
                x={x}
                attr={{ 'data-channel': x.channel }}
              />
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function ByKindAndDay({ report }: { report: ComplianceReport }) {
  const { t, locale } = useT();
  return (
    <>
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
    </>
  );
}

/** Export of the filtered records (CSV, JSON) and printing of the report. */
function Actions({ exported }: { exported: () => CaseRecord[] }) {
  const { t } = useT();
  return (
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
          downloadText(`sop-records-${today()}.json`, recordsToJson(exported()), 'application/json')
        }
      >
        {t('conExportJson')}
      </button>
      <button type="button" data-action="print" onClick={() => window.print()}>
        {t('conPrint')}
      </button>
    </div>
  );
}
