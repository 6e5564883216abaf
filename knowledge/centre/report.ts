/**
 * The team lead's compliance report computed by ClickHouse: the same filters and the same
 * figures as `complianceReport` over local records (knowledge/records/report.ts), but as SQL
 * over the centre's `case_records`, so a report over millions of cases downloads only its
 * tallies. Every value from the filter goes into the SQL as a quoted literal.
 */
import type { ComplianceReport, RecordFilter, Tally } from '../records/report.ts';
import type { CentreClient } from './client.ts';

/** Which tables a report reads: one node's, or the `Distributed` tables over several. */
export interface CentreTables {
  cases: string;
  alerts: string;
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

/** Duplicates inlined into the report's SQL up to this many; past it, a subquery finds them. */
const INLINE_DUPS = 2_000;

/** The query for the events of a filter that have more than one row (as text: 64-bit keys). */
export function duplicatesQuery(f: RecordFilter, t: CentreTables = LOCAL_TABLES): string {
  return `SELECT toString(event_key) AS k FROM ${t.cases} WHERE ${stableWhere(f)}
    GROUP BY event_key HAVING count() > 1 LIMIT ${INLINE_DUPS + 1}`;
}

/**
 * The filtered cases, each once, in its newest version, without FINAL: events with one row
 * (nearly all) are read as they are, and only the events sent twice (a resend after a lost
 * answer, a reviewed record) are folded to their newest row by `argMax`. `dups` are those
 * events' keys, found first by `duplicatesQuery`; null when there were too many to inline.
 */
export function casesOf(
  f: RecordFilter,
  t: CentreTables = LOCAL_TABLES,
  dups: readonly string[] | null = null,
): string {
  const w = stableWhere(f);
  const steps = f.steps?.length ? `WHERE hasAny(step_ids, ${list(f.steps)})` : '';
  if (dups && dups.length === 0)
    return `SELECT ${COLUMNS.join(', ')} FROM ${t.cases} WHERE ${w} ${steps ? `AND ${steps.slice(6)}` : ''}`;
  const keys = dups
    ? dups.filter((k) => /^\d+$/.test(k)).join(', ')
    : `SELECT event_key FROM ${t.cases} WHERE ${w} GROUP BY event_key HAVING count() > 1`;
  const newest = COLUMNS.map((c) => `argMax(${c}, version) AS newest_${c}`).join(', ');
  return `SELECT * FROM (
    SELECT ${COLUMNS.join(', ')} FROM ${t.cases} WHERE ${w} AND event_key NOT IN (${keys})
    UNION ALL
    SELECT ${newest} FROM ${t.cases} WHERE ${w} AND event_key IN (${keys}) GROUP BY event_key
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

const TALLY = `count() AS cases, sum(a) AS applicable, sum(d) AS done, sum(a = d) AS complete,
  sum(al) AS alerts, sum(ov) AS overrides, sum(sla_state != '') AS timed,
  sum(sla_state = 'breached') AS breaches`;

/**
 * The report's queries over the deduplicated cases (exported for tests and the bench): tallies
 * per agent and team and per channel and day (the totals are their sums), and the steps and
 * alert kinds through ARRAY JOIN. They run in parallel.
 */
export function reportQueries(
  f: RecordFilter,
  t: CentreTables = LOCAL_TABLES,
  dups: readonly string[] | null = null,
) {
  const base = casesOf(f, t, dups);
  const sel = f.steps?.length ? list(f.steps) : null;
  const applicable = sel ? `arrayCount(s -> has(${sel}, s), step_ids)` : 'length(step_ids)';
  const done = sel
    ? `arrayCount((s, d) -> d = 1 AND has(${sel}, s), step_ids, step_done)`
    : 'arraySum(step_done)';
  const counted = `SELECT ${applicable} AS a, ${done} AS d, length(alert_kinds) AS al,
    arraySum(alert_overridden) AS ov, sla_state, agent_id, team, channel,
    intDiv(started_ms, 86400000) AS day FROM (${base})`;
  return {
    people: `SELECT agent_id, team, ${TALLY} FROM (${counted}) GROUP BY agent_id, team`,
    places: `SELECT channel, day, ${TALLY} FROM (${counted}) GROUP BY channel, day`,
    steps: `SELECT step, count() AS applicable, sum(sd) AS done, sum(sm) AS manual
      FROM (${base}) ARRAY JOIN step_ids AS step, step_done AS sd, step_manual AS sm
      ${sel ? `WHERE has(${sel}, step)` : ''} GROUP BY step`,
    kinds: `SELECT kind, count() AS alerts, sum(o) AS overrides
      FROM (${base}) ARRAY JOIN alert_kinds AS kind, alert_overridden AS o GROUP BY kind`,
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

/** Adds tally rows up by a key (an agent, a team, a channel, a day), sorted by the key. */
function sumBy<R extends TallyRow>(rows: readonly R[], key: (r: R) => string) {
  const out = new Map<string, TallyRow>();
  for (const r of rows) {
    const k = key(r);
    const t = out.get(k) ?? { ...EMPTY };
    for (const f of Object.keys(EMPTY) as (keyof TallyRow)[]) t[f] += Number(r[f]);
    out.set(k, t);
  }
  return [...out]
    .map(([k, t]) => ({ key: k, t: withRate(t) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Runs the report's queries and assembles the same shape as the local report. */
export async function centreReport(
  client: CentreClient,
  f: RecordFilter = {},
  t: CentreTables = LOCAL_TABLES,
): Promise<ComplianceReport> {
  const found = await client.select<{ k: string }>(duplicatesQuery(f, t));
  const dups = found.length > INLINE_DUPS ? null : found.map((r) => r.k);
  const q = reportQueries(f, t, dups);
  type People = TallyRow & { agent_id: string; team: string };
  type Places = TallyRow & { channel: string; day: number | string };
  const [people, places, steps, kinds] = await Promise.all([
    client.select<People>(q.people),
    client.select<Places>(q.places),
    client.select<{ step: string; applicable: number; done: number; manual: number }>(q.steps),
    client.select<{ kind: string; alerts: number; overrides: number }>(q.kinds),
  ]);
  const total = sumBy(people, () => '*')[0]?.t ?? withRate({ ...EMPTY });
  return {
    total,
    byStep: steps.map((s) => withRate(num(s))).sort((a, b) => a.step.localeCompare(b.step)),
    byAgent: sumBy(people, (r) => r.agent_id).map(({ key, t }) => ({ agent: key, ...t })),
    byTeam: sumBy(people, (r) => r.team).map(({ key, t }) => ({ team: key, ...t })),
    byChannel: sumBy(places, (r) => r.channel).map(({ key, t }) => ({ channel: key, ...t })),
    byKind: kinds.map(num).sort((a, b) => b.alerts - a.alerts || a.kind.localeCompare(b.kind)),
    byDay: sumBy(places, (r) => String(r.day).padStart(6, '0')).map(({ key, t }) => ({
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
