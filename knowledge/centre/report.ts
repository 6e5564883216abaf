/**
 * The team lead's compliance report computed by ClickHouse: the same filters and the same
 * figures as `complianceReport` over local records (knowledge/records/report.ts), but as SQL
 * over the centre's `case_records`, so a report over millions of cases downloads only its
 * tallies. Every value from the filter goes into the SQL as a quoted literal.
 */
import type { ComplianceReport, RecordFilter, StepTally, Tally } from '../records/report.ts';
import type { CentreClient } from './client.ts';

/**
 * Which tables a report reads: one node's, or `Distributed` tables over several. `local` is
 * the node-local table of cases (qualified with its database), where the duplicates of an event are looked for (each event's
 * rows stay on one node); on one node it is the same table.
 */
export interface CentreTables {
  cases: string;
  alerts: string;
  local?: string;
}

export const LOCAL_TABLES: CentreTables = { cases: 'case_records', alerts: 'alert_events' };

/** A ClickHouse string literal. */
export function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const list = (xs: readonly string[]): string => `[${xs.map(quote).join(', ')}]`;
const int = (n: number): string => String(Math.trunc(n));

/** The conditions of a filter on what never changes in a case's later versions. */
function stableWhere(f: RecordFilter): string {
  const w: string[] = [];
  if (f.from !== undefined) w.push(`started_ms >= ${int(f.from)}`);
  if (f.to !== undefined) w.push(`started_ms < ${int(f.to)}`);
  if (f.agents?.length) w.push(`has(${list(f.agents)}, agent_id)`);
  if (f.teams?.length) w.push(`has(${list(f.teams)}, team)`);
  if (f.channels?.length) w.push(`has(${list(f.channels)}, channel)`);
  if (f.caseTypes?.length) w.push(`has(${list(f.caseTypes)}, case_type)`);
  return w.length ? w.join(' AND ') : '1';
}

/** The WHERE clause of a filter over `case_records` (the export reads it through FINAL). */
export function whereOf(f: RecordFilter): string {
  const steps = f.steps?.length ? ` AND hasAny(step_ids, ${list(f.steps)})` : '';
  return `WHERE ${stableWhere(f)}${steps}`;
}

const COLUMNS = [
  'agent_id',
  'team',
  'channel',
  'started_ms',
  'step_ids',
  'step_done',
  'step_manual',
  'alert_kinds',
  'alert_overridden',
  'sla_state',
];

/**
 * The filtered cases, each once, in its newest version, without FINAL: events with one row
 * (nearly all) are read as they are, and only the few events sent twice (a resend after a lost
 * answer, a reviewed record) are folded to their newest row by `argMax`. Merge-on-read over
 * every row would cost seconds at a million cases; finding the duplicates by a 64-bit key costs
 * tens of milliseconds.
 */
export function casesOf(f: RecordFilter, t: CentreTables = LOCAL_TABLES): string {
  const w = stableWhere(f);
  const dups = `SELECT event_key FROM ${t.local ?? t.cases} WHERE ${w} GROUP BY event_key HAVING count() > 1`;
  const newest = COLUMNS.map((c) => `argMax(${c}, version) AS newest_${c}`).join(', ');
  const steps = f.steps?.length ? `WHERE hasAny(step_ids, ${list(f.steps)})` : '';
  return `SELECT * FROM (
    SELECT ${COLUMNS.join(', ')} FROM ${t.cases} WHERE ${w} AND event_key NOT IN (${dups})
    UNION ALL
    SELECT ${newest} FROM ${t.cases} WHERE ${w} AND event_key IN (${dups}) GROUP BY event_key
  ) ${steps}`;
}

type TallyRow = Omit<Tally, 'rate'>;
const DAY = 86_400_000;

const withRate = <T extends { applicable: number; done: number }>(t: T): T & { rate: number } => ({
  ...t,
  rate: t.applicable === 0 ? 1 : t.done / t.applicable,
});

const num = <T extends object>(row: T): T =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v,
    ]),
  ) as T;

/**
 * The report's two queries (exported for tests and the bench): every tally (the whole set,
 * per agent, team, channel, day) in one pass, each case counted under each of its keys; and
 * every step and alert kind in one pass over the arrays.
 */
export function reportQueries(f: RecordFilter, t: CentreTables = LOCAL_TABLES) {
  const base = casesOf(f, t);
  const sel = f.steps?.length ? list(f.steps) : null;
  const applicable = sel ? `arrayCount(s -> has(${sel}, s), step_ids)` : 'length(step_ids)';
  const done = sel
    ? `arrayCount((s, d) -> d = 1 AND has(${sel}, s), step_ids, step_done)`
    : 'arraySum(step_done)';
  const keys = `['*', concat('a:', agent_id), concat('t:', team), concat('c:', channel),
    concat('d:', toString(intDiv(started_ms, 86400000)))]`;
  const onlySteps = sel
    ? `WHERE startsWith(k, 'k:') OR has(${sel}, substring(k, 3, length(k) - 2))`
    : '';
  return {
    tallies: `SELECT k, count() AS cases, sum(a) AS applicable, sum(d) AS done,
      sum(a = d) AS complete, sum(al) AS alerts, sum(ov) AS overrides,
      sum(sla_state != '') AS timed, sum(sla_state = 'breached') AS breaches
      FROM (SELECT ${applicable} AS a, ${done} AS d, length(alert_kinds) AS al,
        arraySum(alert_overridden) AS ov, sla_state, agent_id, team, channel, started_ms
        FROM (${base}))
      ARRAY JOIN ${keys} AS k GROUP BY k`,
    items: `SELECT k, count() AS n, sum(iv) AS v, sum(im) AS m FROM (${base})
      ARRAY JOIN
        arrayConcat(arrayMap(s -> concat('s:', s), step_ids), arrayMap(x -> concat('k:', x), alert_kinds)) AS k,
        arrayConcat(step_done, alert_overridden) AS iv,
        arrayConcat(step_manual, arrayMap(x -> toUInt8(0), alert_kinds)) AS im
      ${onlySteps} GROUP BY k`,
  };
}

const EMPTY: TallyRow = {
  cases: 0,
  applicable: 0,
  done: 0,
  complete: 0,
  alerts: 0,
  overrides: 0,
  timed: 0,
  breaches: 0,
};

/** Runs the report's queries (in parallel) and assembles the same shape as the local report. */
export async function centreReport(
  client: CentreClient,
  f: RecordFilter = {},
  t: CentreTables = LOCAL_TABLES,
): Promise<ComplianceReport> {
  const q = reportQueries(f, t);
  const [tallies, items] = await Promise.all([
    client.select<TallyRow & { k: string }>(q.tallies),
    client.select<{ k: string; n: number; v: number; m: number }>(q.items),
  ]);
  const by = (prefix: string) =>
    tallies
      .filter((r) => r.k.startsWith(prefix))
      .map((r) => {
        const { k, ...rest } = num(r);
        return { key: k.slice(prefix.length), t: withRate({ ...EMPTY, ...rest }) };
      })
      .sort((a, b) => a.key.localeCompare(b.key));
  const whole = tallies.find((r) => r.k === '*');
  const { k: _k, ...total } = whole ? num(whole) : { k: '*', ...EMPTY };
  const its = items.map(num);
  return {
    total: withRate({ ...EMPTY, ...total }),
    byStep: its
      .filter((i) => i.k.startsWith('s:'))
      .map((i) => withRate({ step: i.k.slice(2), applicable: i.n, done: i.v, manual: i.m }))
      .sort((a, b) => a.step.localeCompare(b.step)),
    byAgent: by('a:').map(({ key, t }) => ({ agent: key, ...t })),
    byTeam: by('t:').map(({ key, t }) => ({ team: key, ...t })),
    byChannel: by('c:').map(({ key, t }) => ({ channel: key, ...t })),
    byKind: its
      .filter((i) => i.k.startsWith('k:'))
      .map((i) => ({ kind: i.k.slice(2), alerts: i.n, overrides: i.v }))
      .sort((a, b) => b.alerts - a.alerts || a.kind.localeCompare(b.kind)),
    byDay: by('d:').map(({ key, t }) => ({
      day: new Date(Number(key) * DAY).toISOString().slice(0, 10),
      cases: t.cases,
      rate: t.rate,
    })),
  };
}

/** The distinct agents, teams, channels, case types and steps in the centre, for the filters. */
export async function centreFacets(client: CentreClient, t: CentreTables = LOCAL_TABLES) {
  const [row] = await client.select<{
    agents: string[];
    teams: string[];
    channels: string[];
    caseTypes: string[];
    steps: string[];
  }>(
    `SELECT groupUniqArray(agent_id) AS agents, groupUniqArray(team) AS teams,
      groupUniqArray(channel) AS channels, groupUniqArray(case_type) AS caseTypes,
      groupUniqArrayArray(step_ids) AS steps FROM ${t.cases}`,
  );
  const sorted = (xs: string[] | undefined) => (xs ?? []).filter((x) => x !== '').sort();
  return {
    agents: sorted(row?.agents),
    teams: sorted(row?.teams),
    channels: sorted(row?.channels),
    caseTypes: sorted(row?.caseTypes),
    steps: sorted(row?.steps),
  };
}

/** The filtered cases as CSV, written by ClickHouse (one line per case, newest version). */
export function exportQuery(f: RecordFilter, t: CentreTables = LOCAL_TABLES): string {
  return `SELECT case_id, agent_id, team, channel, case_type,
      toString(toDateTime(intDiv(started_ms, 1000)), 'UTC') AS started_utc,
      length(step_ids) AS steps, arraySum(step_done) AS done,
      arrayStringConcat(arrayFilter((s, d) -> d = 0, step_ids, step_done), ' ') AS skipped,
      length(alert_kinds) AS alerts, arraySum(alert_overridden) AS overrides, sla_state,
      if(score < 0, '', toString(score)) AS score, acknowledgement
    FROM ${t.cases} FINAL ${whereOf(f)} ORDER BY started_ms FORMAT CSVWithNames`;
}

/** One alert or override of the last hour, for the lead's live view. */
export interface LiveAlert {
  at_ms: number;
  agent_id: string;
  team: string;
  case_id: string;
  rule_id: string;
  kind: string;
  severity: string;
  overridden: number;
  override_reason: string;
}

/** The alerts raised since `since` (epoch ms) across agents, newest first. */
export async function liveAlerts(
  client: CentreClient,
  since: number,
  t: CentreTables = LOCAL_TABLES,
  limit = 200,
): Promise<LiveAlert[]> {
  const rows = await client.select<LiveAlert>(
    `SELECT at_ms, agent_id, team, case_id, rule_id, kind, severity, overridden, override_reason
      FROM ${t.alerts} FINAL WHERE at >= toDateTime(${int(since / 1000)}) AND at_ms >= ${int(since)}
      ORDER BY at_ms DESC LIMIT ${int(limit)}`,
  );
  return rows.map(num);
}
