/**
 * The team lead's compliance report computed by ClickHouse: the same filters and the same
 * figures as `complianceReport` over local records (knowledge/records/report.ts), but as SQL
 * over the centre's `case_records`, so a report over millions of cases downloads only its
 * tallies. Every value from the filter goes into the SQL as a quoted literal.
 */
import type { ComplianceReport, RecordFilter, StepTally, Tally } from '../records/report.ts';
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

/** The WHERE clause of a filter over `case_records`. */
export function whereOf(f: RecordFilter): string {
  const w: string[] = [];
  if (f.from !== undefined) w.push(`started_ms >= ${int(f.from)}`);
  if (f.to !== undefined) w.push(`started_ms < ${int(f.to)}`);
  if (f.agents?.length) w.push(`has(${list(f.agents)}, agent_id)`);
  if (f.teams?.length) w.push(`has(${list(f.teams)}, team)`);
  if (f.channels?.length) w.push(`has(${list(f.channels)}, channel)`);
  if (f.caseTypes?.length) w.push(`has(${list(f.caseTypes)}, case_type)`);
  if (f.steps?.length) w.push(`hasAny(step_ids, ${list(f.steps)})`);
  return w.length ? `WHERE ${w.join(' AND ')}` : '';
}

/**
 * The filtered cases, one row each (the newest version of each case: FINAL), with the
 * applicable and done steps the filter counts.
 */
function casesOf(f: RecordFilter, t: CentreTables): string {
  const sel = f.steps?.length ? list(f.steps) : null;
  const applicable = sel ? `arrayCount(s -> has(${sel}, s), step_ids)` : 'length(step_ids)';
  const done = sel
    ? `arrayCount((s, d) -> d = 1 AND has(${sel}, s), step_ids, step_done)`
    : 'arraySum(step_done)';
  return `SELECT agent_id, team, channel, started_ms, step_ids, step_done, step_manual,
    alert_kinds, alert_overridden, sla_state,
    ${applicable} AS a, ${done} AS d, length(alert_kinds) AS al, arraySum(alert_overridden) AS ov
    FROM ${t.cases} FINAL ${whereOf(f)}`;
}

const TALLY = `count() AS cases, sum(a) AS applicable, sum(d) AS done, sum(a = d) AS complete,
  sum(al) AS alerts, sum(ov) AS overrides, sum(sla_state != '') AS timed,
  sum(sla_state = 'breached') AS breaches`;

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

/** The SQL of each part of the report, for a filter (exported for tests and the bench). */
export function reportQueries(f: RecordFilter, t: CentreTables = LOCAL_TABLES) {
  const base = casesOf(f, t);
  const by = (col: string) =>
    `SELECT ${col} AS key, ${TALLY} FROM (${base}) GROUP BY key ORDER BY key`;
  const sel = f.steps?.length ? list(f.steps) : null;
  return {
    total: `SELECT ${TALLY} FROM (${base})`,
    agents: by('agent_id'),
    teams: by('team'),
    channels: by('channel'),
    days: by('intDiv(started_ms, 86400000)'),
    steps: `SELECT step, count() AS applicable, sum(sd) AS done, sum(sm) AS manual
      FROM (${base}) ARRAY JOIN step_ids AS step, step_done AS sd, step_manual AS sm
      ${sel ? `WHERE has(${sel}, step)` : ''} GROUP BY step ORDER BY step`,
    kinds: `SELECT kind, count() AS alerts, sum(o) AS overrides
      FROM (${base}) ARRAY JOIN alert_kinds AS kind, alert_overridden AS o
      GROUP BY kind ORDER BY alerts DESC, kind`,
  };
}

/** Runs the report's queries (in parallel) and assembles the same shape as the local report. */
export async function centreReport(
  client: CentreClient,
  f: RecordFilter = {},
  t: CentreTables = LOCAL_TABLES,
): Promise<ComplianceReport> {
  const q = reportQueries(f, t);
  type Keyed = TallyRow & { key: string | number };
  const [total, agents, teams, channels, days, steps, kinds] = await Promise.all([
    client.select<TallyRow>(q.total),
    client.select<Keyed>(q.agents),
    client.select<Keyed>(q.teams),
    client.select<Keyed>(q.channels),
    client.select<Keyed>(q.days),
    client.select<Omit<StepTally, 'rate'>>(q.steps),
    client.select<{ kind: string; alerts: number; overrides: number }>(q.kinds),
  ]);
  const tally = (r: TallyRow | undefined): Tally =>
    withRate(
      num(
        r ?? {
          cases: 0,
          applicable: 0,
          done: 0,
          complete: 0,
          alerts: 0,
          overrides: 0,
          timed: 0,
          breaches: 0,
        },
      ),
    );
  const keyed = (rows: Keyed[]) =>
    rows.map((r) => {
      const { key, ...rest } = num(r);
      return { key: String(key), t: tally(rest) };
    });
  return {
    total: tally(total[0]),
    byStep: steps.map((s) => withRate(num(s))),
    byAgent: keyed(agents).map(({ key, t }) => ({ agent: key, ...t })),
    byTeam: keyed(teams).map(({ key, t }) => ({ team: key, ...t })),
    byChannel: keyed(channels).map(({ key, t }) => ({ channel: key, ...t })),
    byKind: kinds.map(num),
    byDay: keyed(days)
      .map(({ key, t }) => ({
        day: new Date(Number(key) * DAY).toISOString().slice(0, 10),
        cases: t.cases,
        rate: t.rate,
      }))
      .sort((a, b) => a.day.localeCompare(b.day)),
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
